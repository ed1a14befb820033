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

    init(prefix: String, dimensions: [(String, String)]) {
        func name(_ suffix: String) -> String { "\(prefix)_\(suffix)" }
        published = Counter(label: name("published_total"), dimensions: dimensions)
        retried = Counter(label: name("retried_total"), dimensions: dimensions)
        dead = Counter(label: name("dead_total"), dimensions: dimensions)
        released = Counter(label: name("released_total"), dimensions: dimensions)
        storeErrors = Counter(label: name("store_errors_total"), dimensions: dimensions)
        purged = Counter(label: name("purged_total"), dimensions: dimensions)
        pending = Gauge(label: name("pending"), dimensions: dimensions)
        inFlight = Gauge(label: name("in_flight"), dimensions: dimensions)
        deadLetters = Gauge(label: name("dead_letters"), dimensions: dimensions)
        lagSeconds = Gauge(label: name("lag_seconds"), dimensions: dimensions)
    }

    func record(_ stats: OutboxStats, now: Date) {
        pending.record(stats.pending)
        inFlight.record(stats.inFlight)
        deadLetters.record(stats.dead)
        lagSeconds.record(stats.oldestUnsentTime.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
