/// What the simulator has seen since it started; tests use it to prove what went over the wire.
public struct SimulatorStatistics: Sendable, Hashable {
    /// TCP connections accepted.
    public var connectionsAccepted = 0
    /// Connections the simulator closed on purpose (fault knobs), not counting client closes.
    public var connectionsDropped = 0
    /// Requests received, including ones answered with an exception.
    public var requests = 0
    /// Replies that were exceptions, from the fault knob or from an invalid request.
    public var exceptionsSent = 0
    /// Replies held back by ``SimulatorFaults/replyDelay``.
    public var delayedReplies = 0

    public init() {}
}
