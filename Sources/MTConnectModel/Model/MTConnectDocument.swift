/// Any MTConnect response document, told apart by its root element's local name.
public enum MTConnectDocument: Sendable, Hashable, Codable {
    /// `MTConnectDevices`, the answer to `/probe`.
    case devices(DevicesDocument)
    /// `MTConnectStreams`, the answer to `/current` and `/sample`.
    case streams(StreamsDocument)
    /// `MTConnectAssets`, the answer to `/assets`.
    case assets(AssetsDocument)
    /// `MTConnectError`, an agent's refusal of a request.
    case error(ErrorDocument)

    /// The header every kind of document carries.
    public var header: Header {
        switch self {
        case .devices(let document): document.header
        case .streams(let document): document.header
        case .assets(let document): document.header
        case .error(let document): document.header
        }
    }

    /// The schema version, from the namespace or, failing that, `Header@version`.
    public var version: MTConnectVersion? {
        switch self {
        case .devices(let document): document.version
        case .streams(let document): document.version
        case .assets(let document): document.version
        case .error(let document): document.version
        }
    }

    /// The root element's name: `MTConnectDevices`, `MTConnectStreams`, …
    public var kindName: String {
        switch self {
        case .devices: "MTConnectDevices"
        case .streams: "MTConnectStreams"
        case .assets: "MTConnectAssets"
        case .error: "MTConnectError"
        }
    }
}
