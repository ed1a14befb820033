/// An `MTConnectStreams` document: observations as `/current` and `/sample` return them.
public struct StreamsDocument: Sendable, Hashable, Codable {
    public var header: Header
    public var version: MTConnectVersion?
    public var deviceStreams: [DeviceStream]

    public init(header: Header, version: MTConnectVersion? = nil, deviceStreams: [DeviceStream] = []) {
        self.header = header
        self.version = version
        self.deviceStreams = deviceStreams
    }

    /// Every observation in document order.
    public var observations: [Observation] {
        deviceStreams.flatMap { $0.componentStreams.flatMap(\.observations) }
    }
}
