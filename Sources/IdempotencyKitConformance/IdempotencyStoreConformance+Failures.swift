import Foundation
import IdempotencyKit
import Testing

extension IdempotencyStoreConformance {
    /// Missing and malformed keys are rejected before the store or the work is touched.
    public static func missingAndMalformedKeysNeverReachTheWork<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let counter = ExecutionCounter()
        let cases: [(key: String?, code: IdempotencyError.Code)] = [
            (nil, .missingKey),
            ("", .missingKey),
            (String(repeating: "k", count: IdempotencyKey.maximumLength + 1), .malformedKey),
            ("tab\tinside", .malformedKey),
            ("new\nline", .malformedKey),
            ("caf\u{e9}", .malformedKey),
            (" leading", .malformedKey),
            ("trailing ", .malformedKey),
            ("nul\u{0}", .malformedKey),
        ]
        for (key, code) in cases {
            let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
                counter.increment()
                return response("ran")
            }
            guard case .invalidKey(let error) = outcome else {
                Issue.record("Key \(String(describing: key)) was accepted: \(outcome)")
                continue
            }
            #expect(error.code == code, "key \(String(describing: key))")
        }
        #expect(counter.count == 0)
        let longest = String(repeating: "k", count: IdempotencyKey.maximumLength)
        let accepted = await gate.execute(scope: scope, key: longest, fingerprint: fingerprint("{}")) { _ in response("ok") }
        #expect(accepted.executedResponse == response("ok"))
    }

    /// A response over the size limit is returned to its caller, reported as too large, and
    /// not recorded; the key is freed so a retry is not stuck in conflict.
    public static func oversizedResponsesAreReportedNotStored<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock) { $0.maximumStoredResponseSize = 1024 }
        let key = newKey()
        let large = IdempotentResponse(status: 200, body: Array(repeating: 0x61, count: 2048))
        let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in large }
        guard case .executedWithoutRecord(let returned, let reason) = outcome else {
            Issue.record("Expected an unrecorded execution, got \(outcome)")
            return
        }
        #expect(returned == large)
        #expect(reason.code == .responseTooLarge)
        let retry = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in response("small") }
        #expect(retry.executedResponse == response("small"))
    }

    /// With the store down, the reject policy refuses the request without running the work, and
    /// the pass-through policy runs it and reports it unrecorded.
    ///
    /// - Parameter breakStore: Makes the store fail every later operation (close its
    ///   connection, stop its server).
    public static func storeFailureFollowsThePolicy<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock,
        breakStore: (Store) async throws -> Void
    ) async throws {
        let store = try await makeStore()
        let rejecting = makeGate(store, clock: clock)
        let passing = makeGate(store, clock: clock) { $0.storeFailurePolicy = .passThrough }
        let counter = ExecutionCounter()
        let before = await rejecting.execute(scope: scope, key: newKey(), fingerprint: fingerprint("{}")) { _ in
            counter.increment()
            return response("up")
        }
        #expect(before.executedResponse == response("up"))

        try await breakStore(store)
        let rejected = await rejecting.execute(scope: scope, key: newKey(), fingerprint: fingerprint("{}")) { _ in
            counter.increment()
            return response("must not run")
        }
        guard case .storeFailure(let error) = rejected else {
            Issue.record("Expected a store failure, got \(rejected)")
            return
        }
        #expect(error.code == .storeUnavailable)
        #expect(counter.count == 1)

        let passed = await passing.execute(scope: scope, key: newKey(), fingerprint: fingerprint("{}")) { claim in
            #expect(!claim.isRecorded)
            counter.increment()
            return response("unprotected")
        }
        guard case .executedWithoutRecord(let returned, let reason) = passed else {
            Issue.record("Expected an unrecorded execution, got \(passed)")
            return
        }
        #expect(returned == response("unprotected"))
        #expect(reason.code == .storeUnavailable)
        #expect(counter.count == 2)
    }
}
