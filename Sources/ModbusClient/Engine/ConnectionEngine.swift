import Logging
import Metrics
import _MTCSupport

/// Runs requests against one device on the device thread: opens the connection on demand,
/// drops it after any transport failure (so a late reply to a timed-out request can never
/// be read as the answer to the next one), waits out the reconnect backoff, and retries a
/// request once when a reused connection turns out to be closed by the device.
///
/// Confined to its device thread, as is the ``DeviceConnection`` it owns.
final class ConnectionEngine {
    private let configuration: ModbusClientConfiguration
    private let logger: Logger
    private var context: DeviceConnection?
    private var consecutiveFailures = 0
    private var nextAttempt: ContinuousClock.Instant?
    /// Whether a connection was ever open, so the next successful connect is a reconnect.
    private var connectedBefore = false
    private let metrics: ModbusMetrics

    init(configuration: ModbusClientConfiguration, logger: Logger, metricsFactory: any MetricsFactory) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "modbus.device"] = "\(configuration.endpoint)"
        self.logger = logger
        metrics = ModbusMetrics(device: configuration.metricsDevice, factory: metricsFactory)
    }

    func execute(_ request: ModbusRequest) -> Result<ModbusResponse, ModbusError> {
        let start = ContinuousClock.now
        let result: Result<ModbusResponse, ModbusError>
        do {
            result = .success(try run(request))
        } catch {
            metrics.recordError(request.function, error)
            result = .failure(error)
        }
        metrics.recordRequest(request.function, duration: ContinuousClock.now - start)
        return result
    }

    func close() {
        context?.close()
        context = nil
    }

    private func run(_ request: ModbusRequest) throws(ModbusError) -> ModbusResponse {
        let (context, reused) = try connected()
        do {
            return try context.perform(request)
        } catch where error.kind == .exception || error.kind == .invalidRequest {
            throw error
        } catch {
            context.close()
            guard error.kind == .connectionLost, reused, configuration.retryOnConnectionLoss else {
                logger.debug("Modbus request failed; connection dropped", metadata: ["error": "\(error)"])
                throw error
            }
            logger.debug("Connection closed by the device; reconnecting and retrying once", metadata: ["error": "\(error)"])
            let (fresh, _) = try connected()
            do {
                return try fresh.perform(request)
            } catch {
                if error.kind != .exception, error.kind != .invalidRequest {
                    fresh.close()
                }
                throw error
            }
        }
    }

    /// The open context, and whether it was already open before this request.
    private func connected() throws(ModbusError) -> (DeviceConnection, reused: Bool) {
        let context: DeviceConnection
        if let existing = self.context {
            context = existing
        } else {
            context = try DeviceConnection(configuration: configuration)
            self.context = context
        }
        if context.isConnected {
            return (context, true)
        }
        let now = ContinuousClock.now
        if let nextAttempt, now < nextAttempt {
            let wait = nextAttempt - now
            throw ModbusError(
                kind: .connectionFailed,
                message: "Modbus device at \(configuration.endpoint) is unreachable after \(consecutiveFailures) attempt(s); next attempt in \(wait.millisecondsRoundedUp) ms"
            )
        }
        do {
            try context.connect()
        } catch {
            consecutiveFailures += 1
            let delay = configuration.reconnectBackoff.delay(afterFailures: consecutiveFailures)
            nextAttempt = ContinuousClock.now + delay
            logger.debug("Connection attempt failed", metadata: ["error": "\(error)", "retry.in": "\(delay)"])
            throw error
        }
        if consecutiveFailures > 0 {
            logger.info("Reconnected", metadata: ["failed.attempts": "\(consecutiveFailures)"])
        }
        if connectedBefore {
            metrics.recordReconnect()
        }
        connectedBefore = true
        consecutiveFailures = 0
        nextAttempt = nil
        return (context, false)
    }
}
