import Metrics
import Prometheus

/// The process-wide Prometheus registry: swift-metrics reports into it (the outbox relay's and
/// the idempotency gate's metrics) and the server exposes it at `/metrics`.
enum MetricsBootstrap {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
