/// Misbehaviour the simulator can be told to show, to exercise a client's failure handling.
/// All knobs are off by default and take effect from the next request.
public struct SimulatorFaults: Sendable, Hashable {
    /// Close each connection right after answering this many requests on it.
    public var closeAfterRequests: Int?
    /// Close a connection that has sent no request for this long (real modules drop idle
    /// clients).
    public var idleTimeout: Duration?
    /// Hold each reply back this long before sending it (use more than the client's
    /// response timeout to make the reply arrive late).
    public var replyDelay: Duration?
    /// Delay only this many more replies (counted down as they are sent); `nil` delays all.
    public var delayedReplyLimit: Int?
    /// Answer every request with this Modbus exception code instead of serving it.
    public var exceptionCode: UInt8?

    public init(
        closeAfterRequests: Int? = nil,
        idleTimeout: Duration? = nil,
        replyDelay: Duration? = nil,
        delayedReplyLimit: Int? = nil,
        exceptionCode: UInt8? = nil
    ) {
        self.closeAfterRequests = closeAfterRequests
        self.idleTimeout = idleTimeout
        self.replyDelay = replyDelay
        self.delayedReplyLimit = delayedReplyLimit
        self.exceptionCode = exceptionCode
    }
}
