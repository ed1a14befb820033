/// The `<Header>` of any MTConnect response document.
///
/// Fields an agent does not send stay nil. Attributes this type does not model are kept
/// in ``otherAttributes`` by their local name.
public struct Header: Sendable, Hashable, Codable {
    public var creationTime: MTConnectTimestamp?
    public var sender: String?
    /// Changes when the agent restarts; a follower must re-probe when it does.
    public var instanceId: UInt64?
    /// The agent's version text, such as `2.0.0.1`.
    public var version: String?
    public var bufferSize: UInt64?
    public var firstSequence: UInt64?
    public var lastSequence: UInt64?
    public var nextSequence: UInt64?
    public var assetBufferSize: UInt64?
    public var assetCount: UInt64?
    public var deviceModelChangeTime: MTConnectTimestamp?
    public var testIndicator: Bool?
    public var otherAttributes: [String: String]

    public init(creationTime: MTConnectTimestamp? = nil, sender: String? = nil, instanceId: UInt64? = nil,
                version: String? = nil, bufferSize: UInt64? = nil, firstSequence: UInt64? = nil,
                lastSequence: UInt64? = nil, nextSequence: UInt64? = nil, assetBufferSize: UInt64? = nil,
                assetCount: UInt64? = nil, deviceModelChangeTime: MTConnectTimestamp? = nil,
                testIndicator: Bool? = nil, otherAttributes: [String: String] = [:]) {
        self.creationTime = creationTime
        self.sender = sender
        self.instanceId = instanceId
        self.version = version
        self.bufferSize = bufferSize
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.nextSequence = nextSequence
        self.assetBufferSize = assetBufferSize
        self.assetCount = assetCount
        self.deviceModelChangeTime = deviceModelChangeTime
        self.testIndicator = testIndicator
        self.otherAttributes = otherAttributes
    }
}
