import Foundation
import IdempotencyKit
import Testing

extension IdempotencyStoreConformance {
    /// A request that crashed after its claim blocks retries (409 with the remaining lease as
    /// `Retry-After`) until its lease ends; then exactly one retry runs the work.
    public static func crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let store = try await makeStore()
        let gate = makeGate(store, clock: clock)
        let key = newKey()
        let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
        try await claimAndCrash(store, id: id, fingerprint: fingerprint("{}"), clock: clock, configuration: gate.configuration)
        let counter = ExecutionCounter()

        clock.advance(by: .seconds(10))
        let early = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
            counter.increment()
            return response("early")
        }
        guard case .inFlight(let retryAfter) = early else {
            Issue.record("Expected an in-flight conflict before the lease ends, got \(early)")
            return
        }
        #expect(retryAfter == .seconds(20))

        clock.advance(by: .seconds(20))
        let late = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { claim in
            counter.increment()
            #expect(claim.tookOver)
            return response("late")
        }
        #expect(late.executedResponse == response("late"))
        let again = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
            counter.increment()
            return response("again")
        }
        #expect(again.replayedResponse == response("late"))
        #expect(counter.count == 1)
    }

    /// Completing, releasing and taking over are compare-and-set operations on the lease token.
    public static func leaseOperationsRequireTheCurrentToken<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let store = try await makeStore()
        let configuration = makeGate(store, clock: clock).configuration
        let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: newKey()))
        let lease = try await claimAndCrash(store, id: id, fingerprint: fingerprint("{}"), clock: clock, configuration: configuration)
        let now = clock.now
        let stranger = LeaseToken.random()
        let encoded = try response("x").encoded()

        let foreign = IdempotencyCompletion(id: id, token: stranger, response: response("x"), encodedResponse: encoded, expiresAt: now.addingTimeInterval(60))
        await #expect(throws: IdempotencyError.self) { try await store.complete(foreign) }
        do {
            try await store.complete(foreign)
        } catch {
            #expect(error.code == .leaseLost)
        }
        #expect(try await store.release(id, token: stranger) == false)
        let freshLease = IdempotencyLease(token: .random(), expiresAt: now.addingTimeInterval(60))
        // The lease has not ended yet, so even the right token cannot be taken over.
        #expect(try await store.takeOver(id, staleToken: lease.token, newLease: freshLease, now: now) == false)
        #expect(try await store.takeOver(id, staleToken: stranger, newLease: freshLease, now: lease.expiresAt) == false)

        let inFlight = try #require(try await store.record(for: id, now: now))
        #expect(inFlight.state == .inFlight(lease))
        #expect(inFlight.fingerprint == fingerprint("{}"))

        let owned = IdempotencyCompletion(id: id, token: lease.token, response: response("x"), encodedResponse: encoded, expiresAt: now.addingTimeInterval(60))
        try await store.complete(owned)
        let completed = try #require(try await store.record(for: id, now: now))
        #expect(completed.state == .completed(response("x")))
        // A completed record can be neither completed again, released nor taken over.
        await #expect(throws: IdempotencyError.self) { try await store.complete(owned) }
        #expect(try await store.release(id, token: lease.token) == false)
        #expect(try await store.takeOver(id, staleToken: lease.token, newLease: freshLease, now: lease.expiresAt) == false)

        let releasedID = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: newKey()))
        let releasedLease = try await claimAndCrash(store, id: releasedID, fingerprint: fingerprint("{}"), clock: clock, configuration: configuration)
        #expect(try await store.release(releasedID, token: releasedLease.token))
        #expect(try await store.record(for: releasedID, now: now) == nil)
    }

    /// Work that throws releases its claim, so the next retry runs it.
    public static func failedWorkReleasesTheClaim<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let key = newKey()
        await #expect(throws: WorkFailed.self) {
            try await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ throws(WorkFailed) in
                throw WorkFailed()
            }
        }
        let retry = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { claim in
            #expect(!claim.tookOver)
            return response("second try")
        }
        #expect(retry.executedResponse == response("second try"))
    }
}

/// The error the conformance suite's failing work throws.
struct WorkFailed: Error {}
