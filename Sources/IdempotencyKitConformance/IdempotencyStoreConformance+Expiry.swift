import Foundation
import IdempotencyKit
import Testing

extension IdempotencyStoreConformance {
    /// A completed record replays until its TTL ends, judged by the injected clock; after
    /// that the key is new again.
    public static func recordsExpireAfterTheTTL<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let store = try await makeStore()
        let gate = makeGate(store, clock: clock)
        let counter = ExecutionCounter()
        let key = newKey()
        let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
        let run = { () async -> IdempotencyOutcome in
            await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
                response("run \(counter.increment())")
            }
        }
        #expect(await run().executedResponse == response("run 1"))
        clock.advance(by: gate.configuration.recordTTL - .seconds(1))
        #expect(await run().replayedResponse == response("run 1"))
        clock.advance(by: .seconds(1))
        #expect(try await store.record(for: id, now: clock.now) == nil)
        #expect(await run().executedResponse == response("run 2"))
        #expect(await run().replayedResponse == response("run 2"))

        clock.advance(by: gate.configuration.recordTTL)
        #expect(try await store.removeExpired(now: clock.now) >= 1)
        #expect(try await store.record(for: id, now: clock.now) == nil)
        #expect(counter.count == 2)
    }

    /// Time passing while a request runs: a record's TTL counts from its completion, and a
    /// request whose lease ended and was taken over cannot overwrite the new owner's record.
    public static func expiryMidRequestKeepsOneRecordedResponse<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)

        let slowKey = newKey()
        let slow = await gate.execute(scope: scope, key: slowKey, fingerprint: fingerprint("{}")) { _ in
            // Longer than the TTL: nobody took over, so the completion still holds the lease.
            clock.advance(by: gate.configuration.recordTTL + .seconds(5))
            return response("slow")
        }
        #expect(slow.executedResponse == response("slow"))
        clock.advance(by: gate.configuration.recordTTL - .seconds(1))
        let slowReplay = await gate.execute(scope: scope, key: slowKey, fingerprint: fingerprint("{}")) { _ in response("rerun") }
        #expect(slowReplay.replayedResponse == response("slow"))

        let key = newKey()
        let counter = ExecutionCounter()
        let first = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
            counter.increment()
            clock.advance(by: gate.configuration.leaseDuration + .seconds(1))
            // The lease has ended: a retry arriving now takes over and finishes first.
            let retry = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { claim in
                counter.increment()
                #expect(claim.tookOver)
                return response("retry")
            }
            #expect(retry.executedResponse == response("retry"))
            return response("first")
        }
        #expect(first.unrecordedReason?.code == .leaseLost)
        let replay = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in response("third") }
        #expect(replay.replayedResponse == response("retry"))
        #expect(counter.count == 2)
    }
}
