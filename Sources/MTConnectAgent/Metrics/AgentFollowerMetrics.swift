import Metrics

/// The follower's metrics, created once from the configured prefix and dimensions.
struct AgentFollowerMetrics: Sendable {
    let observations: Counter
    let reconnects: Counter
    let resyncs: Counter
    let gaps: Counter
    let lostSequences: Counter
    let heartbeatTimeouts: Counter
    let lagSequences: Gauge

    init(prefix: String, dimensions: [(String, String)], factory: any MetricsFactory) {
        func name(_ suffix: String) -> String { "\(prefix)_\(suffix)" }
        observations = Counter(label: name("observations_total"), dimensions: dimensions, factory: factory)
        reconnects = Counter(label: name("reconnects_total"), dimensions: dimensions, factory: factory)
        resyncs = Counter(label: name("resyncs_total"), dimensions: dimensions, factory: factory)
        gaps = Counter(label: name("gaps_total"), dimensions: dimensions, factory: factory)
        lostSequences = Counter(label: name("lost_sequences_total"), dimensions: dimensions, factory: factory)
        heartbeatTimeouts = Counter(label: name("heartbeat_timeouts_total"), dimensions: dimensions, factory: factory)
        lagSequences = Gauge(label: name("lag_sequences"), dimensions: dimensions, factory: factory)
    }

    /// Counts what a batch of events delivers: observations, gaps and the sequences lost in them.
    func record(_ events: [AgentEvent]) {
        var delivered = 0
        for event in events {
            switch event {
            case .observation:
                delivered += 1
            case .gap(let gap):
                gaps.increment()
                lostSequences.increment(by: Int64(clamping: gap.lost))
            default:
                break
            }
        }
        if delivered > 0 { observations.increment(by: delivered) }
    }

    /// How far the follower is behind the newest observation the agent reported.
    func recordLag(agentLast: UInt64?, next: UInt64?) {
        guard let agentLast, let next else { return }
        lagSequences.record(agentLast >= next ? Int64(clamping: agentLast - next + 1) : 0)
    }
}
