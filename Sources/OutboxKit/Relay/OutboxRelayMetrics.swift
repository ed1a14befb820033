import Foundation
import Metrics

/// The relay's metrics, created once from the configured prefix and dimensions.
struct OutboxRelayMetrics: Sendable {
    let published: Counter
    let retried: Counter
    let dead: Counter
    let released: Counter
    let storeErrors: Counter
    let purged: Counter
    let pending: Gauge
    let inFlight: Gauge
    let deadLetters: Gauge
    let lagSeconds: Gauge

    init(prefix: String, dimensions: [(String, String)], factory: any MetricsFactory) {
        func name(_ suffix: String) -> String { "\(prefix)_\(suffix)" }
        published = Counter(label: name("published_total"), dimensions: dimensions, factory: factory)
        retried = Counter(label: name("retried_total"), dimensions: dimensions, factory: factory)
        dead = Counter(label: name("dead_total"), dimensions: dimensions, factory: factory)
        released = Counter(label: name("released_total"), dimensions: dimensions, factory: factory)
        storeErrors = Counter(label: name("store_errors_total"), dimensions: dimensions, factory: factory)
        purged = Counter(label: name("purged_total"), dimensions: dimensions, factory: factory)
        pending = Gauge(label: name("pending"), dimensions: dimensions, factory: factory)
        inFlight = Gauge(label: name("in_flight"), dimensions: dimensions, factory: factory)
        deadLetters = Gauge(label: name("dead_letters"), dimensions: dimensions, factory: factory)
        lagSeconds = Gauge(label: name("lag_seconds"), dimensions: dimensions, factory: factory)
    }

    func record(_ stats: OutboxStats, now: Date) {
        pending.record(stats.pending)
        inFlight.record(stats.inFlight)
        deadLetters.record(stats.dead)
        lagSeconds.record(stats.oldestUnsentTime.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
