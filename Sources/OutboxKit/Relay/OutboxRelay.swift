import Foundation
import Logging
import Metrics
import ServiceLifecycle
import _MTCSupport

/// Publishes committed outbox events: claims a batch under a lease, publishes it, and marks each
/// event sent, retried (with backoff) or dead. Run it as a `Service`.
///
/// ```swift
/// let relay = OutboxRelay(store: store, publisher: publisher, logger: logger)
/// let group = ServiceGroup(services: [relay], logger: logger)
/// try await group.run()
/// ```
///
/// Several relays may share a store (one per server instance): leases keep them from
/// publishing the same event at the same time, and a crashed relay's lease expires so another
/// takes its events over. Delivery is at least once: an event published just before a crash is
/// published again with the same id.
///
/// Per-key order: with ``BlockedHeadPolicy/holdKey`` the events of a key after a failed one are
/// handed back unsettled, even when the publisher delivered them, and published again after it,
/// so the last copy of every event arrives in key order.
public final class OutboxRelay<Store: OutboxStore>: Service {
    private let store: Store
    private let publisher: any OutboxPublisher
    private let configuration: OutboxRelayConfiguration
    private let logger: Logger
    private let now: @Sendable () -> Date
    private let metrics: OutboxRelayMetrics

    /// - Parameters:
    ///   - store: Where the events are.
    ///   - publisher: Where they go.
    ///   - configuration: Batch size, lease, backoff, retention.
    ///   - logger: Receives failures (warning), dead letters (error) and passes (trace).
    ///   - metricsFactory: Where metrics go; the bootstrapped `MetricsSystem` unless given.
    ///   - now: The clock; tests pass their own.
    public init(
        store: Store,
        publisher: any OutboxPublisher,
        configuration: OutboxRelayConfiguration = OutboxRelayConfiguration(),
        logger: Logger,
        metricsFactory: (any MetricsFactory)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.publisher = publisher
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.metrics = OutboxRelayMetrics(
            prefix: configuration.metricsPrefix, dimensions: configuration.metricsDimensions, factory: metricsFactory ?? MetricsSystem.factory
        )
    }

    /// Relays until cancelled or until graceful shutdown; a pass in progress finishes first.
    /// On graceful shutdown it then drains for up to
    /// ``OutboxRelayConfiguration/shutdownDrainLimit``: stop the services that write events
    /// before the relay (a `ServiceGroup` stops services in reverse order), and the last events
    /// they committed are published before the process ends.
    public func run() async throws {
        var logger = self.logger
        logger[metadataKey: "outbox.relay"] = "\(configuration.owner)"
        logger.info("Outbox relay started")
        var nextPurge = ContinuousClock.now
        var nextStats = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let pause: Duration
            do {
                let pass = try await runOnce()
                pause = pass.claimed < configuration.batchSize ? configuration.idleInterval : .zero
            } catch {
                metrics.storeErrors.increment()
                logger.warning("Outbox relay pass failed; retrying", metadata: ["error": "\(error)"])
                pause = configuration.storeRetryInterval
            }
            if ContinuousClock.now >= nextStats {
                nextStats = .now + configuration.statsInterval
                await refreshStats(logger: logger)
            }
            if ContinuousClock.now >= nextPurge {
                nextPurge = .now + configuration.purgeInterval
                await purge(logger: logger)
            }
            if pause > .zero {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                } catch {
                    break
                }
            }
        }
        if Task.isShuttingDownGracefully, !Task.isCancelled, let limit = configuration.shutdownDrainLimit {
            let published = await drain(within: limit)
            logger.info("Outbox relay drained for shutdown", metadata: ["published": "\(published)"])
        }
        logger.info("Outbox relay stopped")
    }

    /// Publishes what is pending, pass after pass, until a pass claims nothing (events waiting
    /// for a retry backoff are left for later), the publisher delivers nothing (it is down: the
    /// events stay pending), the store fails, or `limit` has passed.
    ///
    /// - Returns: How many events were delivered.
    @discardableResult
    public func drain(within limit: Duration) async -> Int {
        let deadline = ContinuousClock.now + limit
        var published = 0
        while ContinuousClock.now < deadline, !Task.isCancelled {
            guard let pass = try? await runOnce(), pass.claimed > 0, pass.sent > 0 else { break }
            published += pass.sent
        }
        return published
    }

    /// Claims one batch, publishes it and settles every event. Exposed for tools and tests
    /// that drive the relay step by step.
    ///
    /// - Throws: ``OutboxError`` when the store fails; publisher failures are settled, not thrown.
    @discardableResult
    public func runOnce() async throws -> OutboxRelayPass {
        var pass = OutboxRelayPass()
        let claimed = try await store.claim(
            owner: configuration.owner,
            limit: configuration.batchSize,
            leaseDuration: configuration.leaseDuration,
            policy: configuration.blockedHeadPolicy,
            now: now()
        )
        pass.claimed = claimed.count
        guard !claimed.isEmpty else { return pass }

        var results = await publisher.publish(claimed)
        if results.count != claimed.count {
            logger.error("Outbox publisher returned \(results.count) results for \(claimed.count) events; retrying them all")
            results = Array(repeating: .failed(OutboxPublishFailure("The publisher reported no result for this event.")), count: claimed.count)
        }

        var sent: [ULID] = []
        var release: [ULID] = []
        var failedKeys: Set<String> = []
        for (event, result) in zip(claimed, results) {
            if configuration.blockedHeadPolicy == .holdKey && failedKeys.contains(event.partitionKey) {
                release.append(event.id)
                continue
            }
            switch result {
            case .delivered:
                sent.append(event.id)
            case .failed(let failure):
                failedKeys.insert(event.partitionKey)
                try await settleFailure(event, failure, pass: &pass)
            }
        }
        // Sent first: a crash between the two leaves released events leased, which only delays them.
        let marked = try await store.markSent(sent, owner: configuration.owner, now: now())
        pass.sent = marked
        pass.lostLeases += sent.count - marked
        if !release.isEmpty {
            let released = try await store.release(release, owner: configuration.owner)
            pass.released = released
            pass.lostLeases += release.count - released
        }
        metrics.published.increment(by: pass.sent)
        metrics.released.increment(by: pass.released)
        if pass.lostLeases > 0 {
            logger.warning(
                "Outbox relay lost the lease on events before settling them; raise leaseDuration above the publisher's timeout",
                metadata: ["count": "\(pass.lostLeases)"]
            )
        }
        logger.trace("Outbox relay pass", metadata: ["claimed": "\(pass.claimed)", "sent": "\(pass.sent)", "retried": "\(pass.retried)"])
        return pass
    }

    private func settleFailure(_ event: OutboxEvent, _ failure: OutboxPublishFailure, pass: inout OutboxRelayPass) async throws {
        let now = now()
        let metadata: Logger.Metadata = [
            "outbox.event": "\(event.id)", "outbox.key": "\(event.partitionKey)",
            "outbox.attempt": "\(event.attempts)", "error": "\(failure.message)",
        ]
        let status: OutboxEventStatus?
        if failure.isPermanent {
            status = try await store.markDead(event.id, owner: configuration.owner, error: failure.message, now: now) ? .dead : nil
        } else {
            let retryAt = now.addingTimeInterval(configuration.backoff.delay(afterFailures: event.attempts).timeInterval)
            status = try await store.markFailed(
                event.id, owner: configuration.owner, error: failure.message, retryAt: retryAt,
                maxAttempts: configuration.maxAttempts, now: now
            )
        }
        switch status {
        case .dead:
            pass.dead += 1
            metrics.dead.increment()
            logger.error("Outbox event moved to dead letters", metadata: metadata)
        case .pending:
            pass.retried += 1
            metrics.retried.increment()
            logger.warning("Outbox event not delivered; will retry", metadata: metadata)
        case .inFlight, .sent, nil:
            pass.lostLeases += 1
        }
    }

    /// Reads the store's stats into the gauges now instead of at the next `statsInterval`.
    package func refreshStatsNow() async throws {
        metrics.record(try await store.stats(), now: now())
    }

    private func refreshStats(logger: Logger) async {
        do {
            metrics.record(try await store.stats(), now: now())
        } catch {
            metrics.storeErrors.increment()
            logger.warning("Outbox relay could not read store stats", metadata: ["error": "\(error)"])
        }
    }

    private func purge(logger: Logger) async {
        guard let retention = configuration.sentRetention else { return }
        do {
            let purged = try await store.purgeSent(before: now().addingTimeInterval(-retention.timeInterval))
            metrics.purged.increment(by: purged)
            if purged > 0 { logger.debug("Outbox relay purged sent events", metadata: ["count": "\(purged)"]) }
        } catch {
            metrics.storeErrors.increment()
            logger.warning("Outbox relay could not purge sent events", metadata: ["error": "\(error)"])
        }
    }
}
