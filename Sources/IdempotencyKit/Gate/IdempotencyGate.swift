import Foundation
import Logging
import Metrics
import _MTCSupport

/// Runs each request once per key and answers retries with the stored response.
///
/// ```swift
/// let gate = IdempotencyGate(store: InMemoryIdempotencyStore(), logger: logger)
/// let outcome = await gate.execute(
///     scope: IdempotencyScope(principal: apiKeyID, route: "POST /api/ext/event"),
///     key: request.headers["Idempotency-Key"],
///     fingerprint: RequestFingerprint(method: "POST", path: path, body: body)
/// ) { claim in
///     try await handle(request)
/// }
/// ```
public struct IdempotencyGate<Store: IdempotencyStore>: Sendable {
    /// Who writes the response into the record once the work is done.
    public enum CompletionMode: Hashable, Sendable {
        /// The gate completes the record after the operation returns.
        case byGate
        /// The operation completes the record itself, inside its own transaction, with
        /// ``IdempotencyClaim/completion(with:)``; the gate only releases the claim if it throws.
        /// An operation that returns without completing leaves the record in flight: retries
        /// conflict until its lease ends, then one runs again. Skip the completion when
        /// ``IdempotencyClaim/isRecorded`` is `false`.
        case byOperation
    }

    /// The store the records live in.
    public let store: Store
    /// The configuration the gate runs with.
    public let configuration: IdempotencyGateConfiguration
    private let clock: any IdempotencyClock
    private let logger: Logger
    private let metrics: IdempotencyMetrics

    /// Creates a gate.
    ///
    /// - Parameters:
    ///   - store: Where records live.
    ///   - configuration: TTL, lease, failure policy, size limit, replayed headers.
    ///   - clock: The clock that judges leases and expiry; inject a manual one in tests.
    ///   - metricsFactory: Where the counters go; `nil` uses the bootstrapped `MetricsSystem`.
    ///   - logger: Receives conflicts and store failures.
    public init(
        store: Store,
        configuration: IdempotencyGateConfiguration = .init(),
        clock: any IdempotencyClock = SystemIdempotencyClock(),
        metricsFactory: (any MetricsFactory)? = nil,
        logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.metrics = IdempotencyMetrics(
            prefix: configuration.metricsLabelPrefix,
            factory: metricsFactory ?? MetricsSystem.factory
        )
    }

    /// Claims the key, runs `operation` at most once per key, and records its response.
    ///
    /// Store failures, conflicts and bad keys come back as outcomes; only an error thrown by
    /// `operation` itself is rethrown, after the claim is released so that a retry can run.
    ///
    /// - Parameters:
    ///   - scope: The caller and route the key belongs to.
    ///   - key: The raw header value; `nil` when the header is absent.
    ///   - fingerprint: The request's payload fingerprint.
    ///   - completion: Whether the gate or the operation writes the response into the record.
    ///   - operation: The work; runs only when this request holds the lease.
    public func execute<Failure: Error>(
        scope: IdempotencyScope,
        key: String?,
        fingerprint: RequestFingerprint,
        completion: CompletionMode = .byGate,
        operation: (IdempotencyClaim) async throws(Failure) -> IdempotentResponse
    ) async throws(Failure) -> IdempotencyOutcome {
        let validKey: IdempotencyKey
        do {
            validKey = try IdempotencyKey(validating: key)
        } catch {
            metrics.invalidKeys.increment()
            return .invalidKey(error)
        }
        let id = IdempotencyRecordID(scope: scope, key: validKey)
        var logger = self.logger
        logger[metadataKey: "idempotency.scope"] = "\(scope)"
        logger[metadataKey: "idempotency.key"] = "\(validKey)"

        // A record can change between reads (completed, released, expired, taken over);
        // each turn re-reads it, and a few turns settle every race the store allows.
        for _ in 0..<4 {
            let now = clock.now
            let lease = newLease(at: now)
            let result: IdempotencyClaimResult
            do {
                result = try await store.claim(
                    IdempotencyClaimRequest(
                        id: id,
                        fingerprint: fingerprint,
                        lease: lease,
                        now: now,
                        expiresAt: now.adding(configuration.recordTTL)
                    )
                )
            } catch {
                return try await storeFailed(error, id: id, fingerprint: fingerprint, logger: logger, operation: operation)
            }
            let record: IdempotencyRecord
            switch result {
            case .claimed:
                let claim = makeClaim(id: id, fingerprint: fingerprint, lease: lease, tookOver: false)
                return try await run(claim, completion: completion, logger: logger, operation: operation)
            case .existing(let existing):
                record = existing
            }
            guard record.fingerprint == fingerprint else {
                metrics.keyReusedConflicts.increment()
                logger.debug("Idempotency key reused with a different request payload")
                return .keyReused
            }
            switch record.state {
            case .completed(let response):
                metrics.replayed.increment()
                return .replayed(response)
            case .inFlight(let current) where current.expiresAt > now:
                metrics.inFlightConflicts.increment()
                return .inFlight(retryAfter: Self.retryAfter(current.expiresAt.timeIntervalSince(now)))
            case .inFlight(let stale):
                let tookOver: Bool
                do {
                    tookOver = try await store.takeOver(id, staleToken: stale.token, newLease: lease, now: now)
                } catch {
                    return try await storeFailed(error, id: id, fingerprint: fingerprint, logger: logger, operation: operation)
                }
                if tookOver {
                    logger.notice("Took over a stale in-flight idempotency record whose lease had ended")
                    let claim = makeClaim(id: id, fingerprint: fingerprint, lease: lease, tookOver: true)
                    return try await run(claim, completion: completion, logger: logger, operation: operation)
                }
            }
        }
        metrics.inFlightConflicts.increment()
        return .inFlight(retryAfter: .seconds(1))
    }

    private func run<Failure: Error>(
        _ claim: IdempotencyClaim,
        completion mode: CompletionMode,
        logger: Logger,
        operation: (IdempotencyClaim) async throws(Failure) -> IdempotentResponse
    ) async throws(Failure) -> IdempotencyOutcome {
        let response: IdempotentResponse
        do {
            response = try await operation(claim)
        } catch {
            await release(claim, logger: logger)
            throw error
        }
        if mode == .byOperation {
            metrics.executed.increment()
            return .executed(response)
        }
        let completion: IdempotencyCompletion
        do {
            completion = try claim.completion(with: response)
        } catch {
            // Nothing can be replayed, so free the key rather than leave retries in conflict.
            logger.warning("Response not recorded for replay: \(error)")
            await release(claim, logger: logger)
            metrics.unrecorded.increment()
            return .executedWithoutRecord(response, reason: error)
        }
        do {
            try await store.complete(completion)
        } catch {
            switch error.code {
            case .leaseLost:
                break
            case .responseTooLarge, .invalidResponse:
                await release(claim, logger: logger)
            default:
                metrics.storeErrors.increment()
            }
            logger.error("Idempotency record not completed; a retry may run the request again: \(error)")
            metrics.unrecorded.increment()
            return .executedWithoutRecord(response, reason: error)
        }
        metrics.executed.increment()
        return .executed(response)
    }

    private func storeFailed<Failure: Error>(
        _ error: IdempotencyError,
        id: IdempotencyRecordID,
        fingerprint: RequestFingerprint,
        logger: Logger,
        operation: (IdempotencyClaim) async throws(Failure) -> IdempotentResponse
    ) async throws(Failure) -> IdempotencyOutcome {
        metrics.storeErrors.increment()
        guard configuration.storeFailurePolicy == .passThrough else {
            logger.error("Idempotency store failed; request rejected: \(error)")
            return .storeFailure(error)
        }
        logger.warning("Idempotency store failed; running the request unprotected: \(error)")
        let claim = IdempotencyClaim(
            id: id,
            fingerprint: fingerprint,
            lease: newLease(at: clock.now),
            tookOver: false,
            isRecorded: false,
            configuration: configuration,
            clock: clock
        )
        let response = try await operation(claim)
        metrics.unrecorded.increment()
        return .executedWithoutRecord(response, reason: error)
    }

    private func release(_ claim: IdempotencyClaim, logger: Logger) async {
        do {
            try await store.release(claim.id, token: claim.lease.token)
        } catch {
            metrics.storeErrors.increment()
            logger.error("Could not release an idempotency claim; retries conflict until its lease ends: \(error)")
        }
    }

    private func makeClaim(id: IdempotencyRecordID, fingerprint: RequestFingerprint, lease: IdempotencyLease, tookOver: Bool) -> IdempotencyClaim {
        IdempotencyClaim(
            id: id,
            fingerprint: fingerprint,
            lease: lease,
            tookOver: tookOver,
            isRecorded: true,
            configuration: configuration,
            clock: clock
        )
    }

    private func newLease(at now: Date) -> IdempotencyLease {
        IdempotencyLease(token: .random(), expiresAt: now.adding(configuration.leaseDuration))
    }

    /// Whole seconds, rounded up, at least one: what `Retry-After` can carry.
    static func retryAfter(_ remaining: TimeInterval) -> Duration {
        .seconds(max(1, Int(remaining.rounded(.up))))
    }
}
