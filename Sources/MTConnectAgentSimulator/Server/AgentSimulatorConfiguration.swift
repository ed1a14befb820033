/// How an ``AgentSimulator`` behaves. Every knob has a default that mimics a well-behaved
/// MTConnect 2.0 agent on a port the OS picks.
public struct AgentSimulatorConfiguration: Sendable {
    /// The address to bind; loopback by default. Port 0 lets the OS pick a free port.
    public var host: String = "127.0.0.1"
    public var port: Int = 0
    /// The device described in `/probe` and reported in `/current` and `/sample`.
    public var device: SimulatedDevice = .mill
    /// The schema version of the documents (namespaces and header).
    public var version: MTConnectDocumentVersion = .v2_0
    /// The capacity of the observation buffer; older observations fall out of it.
    public var bufferSize: Int = 4096
    /// The most observations one `/sample` answer or one streamed part carries.
    public var maximumCount: Int = 1000
    /// How often ``AgentSimulator/run()`` advances the source.
    public var stepInterval: Duration = .milliseconds(500)
    /// When `false` the agent answers `interval` with `INVALID_REQUEST`, as 1.2 agents did.
    public var supportsStreaming: Bool = true
    /// Whether streamed parts carry a `Content-length` header.
    public var partsCarryContentLength: Bool = true
    /// The multipart subtype of streams: `mixed` or `x-mixed-replace`.
    public var multipartSubtype: String = "mixed"
    /// When set, each streamed part is written in HTTP chunks of at most this many bytes, so
    /// parts and delimiters straddle chunks.
    public var streamChunkSize: Int?
    /// Compress responses with gzip when the client accepts it.
    public var compressesResponses: Bool = false
    /// Keep every observation ever sequenced (tests compare what a client received with it).
    public var keepsHistory: Bool = false

    public init() {}
}
