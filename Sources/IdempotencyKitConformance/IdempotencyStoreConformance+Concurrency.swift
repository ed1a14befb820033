import Foundation
import IdempotencyKit
import Testing
import _MTCSupport

extension IdempotencyStoreConformance {
    /// Many identical requests at once run the work once; every other one sees the request in
    /// flight or replays its response.
    public static func concurrentIdenticalRequestsExecuteOnce<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock,
        requests: Int = 100
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let counter = ExecutionCounter()
        let key = newKey()
        let body = #"{"machine":"17","count":1}"#
        let outcomes = await withTaskGroup(of: IdempotencyOutcome.self) { group in
            for _ in 0..<requests {
                group.addTask {
                    do {
                        return try await gate.execute(scope: scope, key: key, fingerprint: fingerprint(body)) { _ in
                            counter.increment()
                            // Keep the first request in flight while the others arrive.
                            try await Task.sleep(for: .milliseconds(200))
                            return response("once")
                        }
                    } catch {
                        return .executedWithoutRecord(response("failed"), reason: IdempotencyError(code: .storeUnavailable, message: "\(error)"))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counter.count == 1)
        #expect(outcomes.count { $0.executedResponse != nil } == 1)
        let others = outcomes.filter { $0.executedResponse == nil }
        #expect(others.allSatisfy { $0.isInFlight || $0.replayedResponse == response("once") })
    }

    /// Retries racing for one stale in-flight record: exactly one takes it over and runs.
    public static func racingRetriesForAStaleRecordHaveOneWinner<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock,
        retries: Int = 20
    ) async throws {
        let store = try await makeStore()
        let gate = makeGate(store, clock: clock)
        let key = newKey()
        let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
        try await claimAndCrash(store, id: id, fingerprint: fingerprint("{}"), clock: clock, configuration: gate.configuration)
        clock.advance(by: gate.configuration.leaseDuration + .seconds(1))

        let counter = ExecutionCounter()
        let outcomes = await withTaskGroup(of: IdempotencyOutcome.self) { group in
            for _ in 0..<retries {
                group.addTask {
                    do {
                        return try await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { claim in
                            counter.increment()
                            #expect(claim.tookOver)
                            try await Task.sleep(for: .milliseconds(100))
                            return response("winner")
                        }
                    } catch {
                        return .executedWithoutRecord(response("failed"), reason: IdempotencyError(code: .storeUnavailable, message: "\(error)"))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counter.count == 1)
        #expect(outcomes.count { $0.executedResponse != nil } == 1)
        #expect(outcomes.allSatisfy { $0.executedResponse != nil || $0.isInFlight || $0.replayedResponse == response("winner") })

        // At the store level too: of two takeovers with the same stale token, one wins.
        let staleKey = try IdempotencyKey(validating: newKey())
        let staleID = IdempotencyRecordID(scope: scope, key: staleKey)
        let stale = try await claimAndCrash(store, id: staleID, fingerprint: fingerprint("{}"), clock: clock, configuration: gate.configuration)
        clock.advance(by: gate.configuration.leaseDuration)
        let now = clock.now
        let wins = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    let lease = IdempotencyLease(token: .random(), expiresAt: now.addingTimeInterval(30))
                    return (try? await store.takeOver(staleID, staleToken: stale.token, newLease: lease, now: now)) ?? false
                }
            }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(wins == 1)
    }

    /// Writes an in-flight record as a request that crashed right after its claim would leave it.
    @discardableResult
    static func claimAndCrash<Store: IdempotencyStore>(
        _ store: Store,
        id: IdempotencyRecordID,
        fingerprint: RequestFingerprint,
        clock: ManualIdempotencyClock,
        configuration: IdempotencyGateConfiguration
    ) async throws -> IdempotencyLease {
        let now = clock.now
        let lease = IdempotencyLease(
            token: .random(),
            expiresAt: now.adding(configuration.leaseDuration)
        )
        let request = IdempotencyClaimRequest(
            id: id,
            fingerprint: fingerprint,
            lease: lease,
            now: now,
            expiresAt: now.adding(configuration.recordTTL)
        )
        let result = try await store.claim(request)
        #expect(result == .claimed)
        return lease
    }
}
