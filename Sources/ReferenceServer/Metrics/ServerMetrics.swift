import Prometheus

/// The server's Prometheus metrics, in a registry of its own so that several servers in one
/// process (tests) never share counters, and no global metrics backend is bootstrapped. The
/// relay reports into the same registry (`mtc_outbox_relay_published_total`, `…_pending`,
/// `…_lag_seconds`, …), the idempotency gate too.
final class ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let ingestedObservations: Counter
    private let derivedEvents: Counter

    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(1000),
    ]

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        ingestedObservations = registry.makeCounter(
            descriptor: Self.name("ingest_observations", "total", "Observations stored by the ingest pipeline.")
        )
        derivedEvents = registry.makeCounter(
            descriptor: Self.name("ingest_events", "total", "Events derived from observations (state changes, cycle times).")
        )
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", "total", "HTTP requests by route template, method and status."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name("http_request_duration", "seconds", "HTTP request latency by route template."),
            labels: [("route", route), ("method", method)],
            buckets: Self.latencyBuckets
        ).record(duration)
    }

    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "mtc", metricName: metric, unitName: unit, helpText: help)
    }

    func recordIngest(observations: Int, events: Int) {
        ingestedObservations.increment(by: Int64(observations))
        derivedEvents.increment(by: Int64(events))
    }

    /// An MTConnect agent's buffer overran or its instance restarted: observations were lost.
    func recordSequenceGap(machine: String, lost: Int) {
        registry.makeCounter(
            descriptor: Self.name("agent_sequence_gaps", "total", "Gaps in an agent's sequence numbers (observations lost)."),
            labels: [("machine", machine)]
        ).increment()
        registry.makeCounter(
            descriptor: Self.name("agent_lost_observations", "total", "Observations an agent overwrote before the server read them."),
            labels: [("machine", machine)]
        ).increment(by: Int64(max(0, lost)))
    }

    /// A machine source lost its connection or a read failed.
    func recordSourceError(source: String, kind: String) {
        registry.makeCounter(
            descriptor: Self.name("source_errors", "total", "Machine source failures by source (mtconnect, modbus) and kind (disconnect, read)."),
            labels: [("source", source), ("kind", kind)]
        ).increment()
    }

    /// A connection closed by the server's connection limits: `limit`, `evicted`,
    /// `header_timeout`, `body_timeout`, `idle_timeout`.
    func connectionsClosed(reason: String) {
        registry.makeCounter(
            descriptor: Self.name("http_connections_closed", "total", "Connections the server closed for its limits, by reason."),
            labels: [("reason", reason)]
        ).increment()
    }

    /// The text exposition of every metric.
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
