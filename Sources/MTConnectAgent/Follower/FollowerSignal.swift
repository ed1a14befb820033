import MTConnectModel

/// Ways a connection ends that are part of following, not failures.
enum FollowerSignal: Error, Sendable {
    /// The agent no longer has the next sequence: re-read `/current` and report the gap.
    case outOfRange
    /// The agent restarted: re-probe and start over in the new instance.
    case instanceChanged(UInt64)
    /// The agent cannot stream: poll from now on.
    case fallBackToPolling(String)
}
