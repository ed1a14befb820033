import CoreMetrics
import _MTCSupport

/// The client's metrics for one device, created once so that recording a request costs
/// no lookups: ``ModbusTCPClient`` documents the names and dimensions.
///
/// Confined to the device thread, like the engine that owns it; the metric handles
/// themselves are thread-safe.
final class ModbusMetrics {
    static let requestsLabel = "modbus_requests_total"
    static let errorsLabel = "modbus_request_errors_total"
    static let reconnectsLabel = "modbus_reconnects_total"
    static let durationLabel = "modbus_request_duration_seconds"

    private let device: String
    private let factory: any MetricsFactory
    private let requests: [Counter]
    private let durations: [CoreMetrics.Timer]
    private let reconnects: Counter
    /// Error counters appear on the first error of their kind; most never do.
    private var errors: [ErrorKey: Counter] = [:]

    private struct ErrorKey: Hashable {
        let function: ModbusFunction
        let reason: String
    }

    init(device: String, factory: any MetricsFactory) {
        self.device = device
        self.factory = factory
        requests = ModbusFunction.allCases.map {
            Counter(label: Self.requestsLabel, dimensions: [("function", $0.metricName), ("device", device)], factory: factory)
        }
        durations = ModbusFunction.allCases.map {
            CoreMetrics.Timer(label: Self.durationLabel, dimensions: [("function", $0.metricName), ("device", device)], factory: factory)
        }
        reconnects = Counter(label: Self.reconnectsLabel, dimensions: [("device", device)], factory: factory)
    }

    func recordRequest(_ function: ModbusFunction, duration: Duration) {
        requests[function.rawValue].increment()
        durations[function.rawValue].recordNanoseconds(duration.wholeNanoseconds)
    }

    func recordError(_ function: ModbusFunction, _ error: ModbusError) {
        let reason = error.exceptionCode.map(\.metricName) ?? error.kind.metricName
        let key = ErrorKey(function: function, reason: reason)
        if let counter = errors[key] {
            counter.increment()
            return
        }
        let counter = Counter(
            label: Self.errorsLabel,
            dimensions: [("function", function.metricName), ("kind", error.kind.metricCategory), ("reason", reason), ("device", device)],
            factory: factory
        )
        errors[key] = counter
        counter.increment()
    }

    func recordReconnect() {
        reconnects.increment()
    }
}

extension ModbusError.Kind {
    /// The `kind` dimension: `timeout`, `transport` or `exception` (`invalid_request` and
    /// `client_closed` never reach the device).
    var metricCategory: String {
        switch self {
        case .timeout: "timeout"
        case .exception: "exception"
        case .connectionFailed, .connectionLost, .invalidResponse: "transport"
        default: metricName
        }
    }

    /// The `reason` dimension for failures that are not Modbus exceptions.
    var metricName: String {
        String(description.map { $0 == " " ? "_" : $0 })
    }
}

extension ModbusExceptionCode {
    /// The `reason` dimension: `illegal_data_address`, `server_device_failure`…
    var metricName: String {
        String(name.map { $0 == " " ? "_" : $0 })
    }
}
