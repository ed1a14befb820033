import MTConnectModel

/// What an ``AgentFollower`` reports: observations, in sequence order, and changes of state.
public enum AgentEvent: Sendable, Hashable {
    /// One observation; each sequence number of an agent instance arrives at most once and in
    /// increasing order.
    case observation(Observation)
    /// A connection was established (after probe and current) and data is flowing.
    case connected(AgentConnection)
    /// The connection failed; the follower retries after `retryIn`.
    case disconnected(reason: AgentFollowerError, retryIn: Duration)
    /// The agent reported a new `instanceId`: it restarted and its sequence numbers start
    /// over. The follower re-probed and continues with the new instance's oldest observation.
    case agentRestarted(previousInstanceId: UInt64, instanceId: UInt64)
    /// Observations were lost: the agent's buffer overran before they were read.
    case gap(SequenceGap)
    /// The follower re-read `/current` after a gap or restart and continues from `nextSequence`.
    case resynced(nextSequence: UInt64)
}

/// The agent a follower is connected to.
public struct AgentConnection: Sendable, Hashable {
    public var instanceId: UInt64
    /// The schema version the agent reports.
    public var version: String?
    public var mode: AgentFollowerConfiguration.Mode
    /// The devices the probe described.
    public var devices: [String]
}

/// Sequence numbers that were never delivered because the agent no longer had them.
public struct SequenceGap: Sendable, Hashable {
    /// The first sequence number the follower expected.
    public var expected: UInt64
    /// The sequence number it resumed at; everything in `expected..<resumedAt` is lost.
    public var resumedAt: UInt64
    /// How many sequence numbers were lost.
    public var lost: UInt64 { resumedAt - expected }
}
