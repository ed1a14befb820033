import Foundation
import IdempotencyKit
import Logging
import OutboxKit
import ServiceLifecycle
import _MTCSupport

/// Purges telemetry past its retention and expired idempotency records on a fixed interval
/// until a graceful shutdown. (The outbox's gauges are the relay's own.)
struct RetentionService: Service {
    let backend: any ServerBackend
    let configuration: ReferenceServerConfiguration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await purge()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.retentionInterval) }
            } catch {
                return
            }
        }
    }

    func purge() async {
        let now = Date()
        do {
            let cutoff = now.addingTimeInterval(-configuration.telemetryRetention.timeInterval)
            let removed = try await backend.telemetry.purge(receivedBefore: cutoff)
            let expired = try await backend.idempotency.removeExpired(now: now)
            if removed > 0 || expired > 0 {
                logger.info("Retention purged old data", metadata: ["observations": "\(removed)", "idempotency_records": "\(expired)"])
            }
        } catch {
            logger.error("Retention failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
