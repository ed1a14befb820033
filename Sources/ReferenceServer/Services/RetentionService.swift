import Foundation
import IdempotencyKit
import Logging
import OutboxKit
import ServiceLifecycle
import _MTCSupport

/// Purges telemetry past its retention and expired idempotency records, and refreshes the
/// outbox gauges, on a fixed interval until a graceful shutdown.
struct RetentionService: Service {
    let backend: any ServerBackend
    let metrics: ServerMetrics
    let configuration: ReferenceServerConfiguration
    let logger: Logger

    func run() async throws {
        let statsInterval = Duration.seconds(5)
        var sincePurge = configuration.retentionInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if sincePurge >= configuration.retentionInterval {
                await purge()
                sincePurge = .zero
            }
            await refreshOutboxGauges()
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: statsInterval) }
            } catch {
                return
            }
            sincePurge += statsInterval
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

    func refreshOutboxGauges() async {
        guard let stats = try? await backend.outbox.stats() else { return }
        metrics.recordOutbox(pending: stats.pending + stats.inFlight, lagSeconds: stats.oldestUnsentTime.map { max(0, Date().timeIntervalSince($0)) } ?? 0)
    }
}
