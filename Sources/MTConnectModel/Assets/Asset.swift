/// An asset: a cutting tool, a part, a file, a fixture, …
///
/// Every asset is kept whole as ``element``; cutting tools are also read into
/// ``cuttingTool``.
public struct Asset: Sendable, Hashable, Codable {
    /// The element name, which is the asset type: `CuttingTool`, `Part`, `File`, …
    public var type: String
    public var assetId: String
    public var deviceUuid: String?
    public var timestamp: MTConnectTimestamp?
    public var removed: Bool
    public var cuttingTool: CuttingTool?
    /// The asset element as it was.
    public var element: GenericElement

    public init(type: String, assetId: String, deviceUuid: String? = nil, timestamp: MTConnectTimestamp? = nil,
                removed: Bool = false, cuttingTool: CuttingTool? = nil, element: GenericElement) {
        self.type = type
        self.assetId = assetId
        self.deviceUuid = deviceUuid
        self.timestamp = timestamp
        self.removed = removed
        self.cuttingTool = cuttingTool
        self.element = element
    }
}
