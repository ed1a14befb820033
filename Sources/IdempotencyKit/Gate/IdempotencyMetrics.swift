import Metrics

/// The gate's counters, resolved once against the factory the caller chose.
struct IdempotencyMetrics: Sendable {
    let executed: Counter
    let replayed: Counter
    let inFlightConflicts: Counter
    let keyReusedConflicts: Counter
    let invalidKeys: Counter
    let storeErrors: Counter
    let unrecorded: Counter

    init(prefix: String, factory: any MetricsFactory) {
        executed = Counter(label: "\(prefix)_executed_total", factory: factory)
        replayed = Counter(label: "\(prefix)_replayed_total", factory: factory)
        inFlightConflicts = Counter(label: "\(prefix)_conflicts_total", dimensions: [("reason", "in_flight")], factory: factory)
        keyReusedConflicts = Counter(label: "\(prefix)_conflicts_total", dimensions: [("reason", "key_reused")], factory: factory)
        invalidKeys = Counter(label: "\(prefix)_invalid_keys_total", factory: factory)
        storeErrors = Counter(label: "\(prefix)_store_errors_total", factory: factory)
        unrecorded = Counter(label: "\(prefix)_unrecorded_total", factory: factory)
    }
}
