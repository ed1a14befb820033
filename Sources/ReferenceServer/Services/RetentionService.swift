import Foundation
import IdempotencyKit
import Logging
import OutboxKit
import ServiceLifecycle
import _MTCSupport

/// Purges telemetry past its retention on a fixed interval until a graceful shutdown. Expired
/// idempotency records are IdempotencyKit's `IdempotencyExpirySweeper`'s, sent outbox events
/// the relay's own purge (`sentRetention`), the outbox's gauges the relay's.
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
            if removed > 0 {
                logger.info("Retention purged old telemetry", metadata: ["observations": "\(removed)"])
            }
        } catch {
            logger.error("Retention failed; will retry", metadata: ["error": "\(error)"])
        }
    }
}
