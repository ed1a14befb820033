import Foundation
import IdempotencyKit
import Testing

extension IdempotencyStoreConformance {
    /// The first request runs; retries with the same key and payload get the stored response,
    /// byte for byte, without running the work again.
    public static func executesOnceAndReplaysByteIdenticalResponses<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let counter = ExecutionCounter()
        let key = newKey()
        let body = #"{"machine":"17","event":{"kind":"cycle","seconds":42.5}}"#
        let original = IdempotentResponse(
            status: 201,
            headers: [.init(name: "Content-Type", value: "application/json"), .init(name: "Location", value: "/events/1")],
            body: Array(#"{"id":"01J","note":"caf\u{e9} \u{1F680}","bytes":"\#u{0}\#u{1}"}"#.utf8) + [0xFF, 0x00]
        )
        let first = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(body)) { _ in
            counter.increment()
            return original
        }
        #expect(first.executedResponse == original)
        for _ in 0..<3 {
            clock.advance(by: .seconds(10))
            let retry = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(body)) { _ in
                counter.increment()
                return response("second run")
            }
            let replayed = try #require(retry.replayedResponse)
            #expect(replayed.status == 201)
            #expect(replayed.body == original.body)
            #expect(replayed.headers == original.headers)
        }
        #expect(counter.count == 1)
    }

    /// A 4xx or 5xx response the work returns is recorded and replayed like a success.
    public static func errorResponsesAreStoredAndReplayed<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let counter = ExecutionCounter()
        for status in [400, 404, 422, 500, 503] {
            let key = newKey()
            let problem = response(#"{"type":"about:blank","status":\#(status)}"#, status: status)
            for _ in 0..<2 {
                let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
                    counter.increment()
                    return problem
                }
                #expect(outcome.executedResponse == problem || outcome.replayedResponse == problem)
            }
        }
        #expect(counter.count == 5)
    }

    /// The same key with a payload that differs only in a nested field is a reused key; the
    /// work does not run and the original record stays.
    public static func changedNestedFieldIsReportedAsKeyReuse<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let counter = ExecutionCounter()
        let key = newKey()
        let original = #"{"machine":"17","event":{"kind":"cycle","detail":{"seconds":42}}}"#
        let changed = #"{"machine":"17","event":{"kind":"cycle","detail":{"seconds":43}}}"#
        let reordered = #"{ "event": {"detail": {"seconds": 42}, "kind": "cycle"}, "machine": "17" }"#
        _ = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(original)) { _ in
            counter.increment()
            return response("ok")
        }
        let reused = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(changed)) { _ in
            counter.increment()
            return response("changed")
        }
        #expect(reused.isKeyReused)
        let otherPath = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(original, path: "/api/ext/setup")) { _ in
            counter.increment()
            return response("other path")
        }
        #expect(otherPath.isKeyReused)
        let sameDocument = await gate.execute(scope: scope, key: key, fingerprint: fingerprint(reordered)) { _ in
            counter.increment()
            return response("reordered")
        }
        #expect(sameDocument.replayedResponse == response("ok"))
        #expect(counter.count == 1)
    }

    /// The same key in two scopes (another API key, another route) names two records.
    public static func sameKeyInTwoScopesIsIndependent<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock)
        let key = newKey()
        let scopes = [
            scope,
            IdempotencyScope(principal: "api-key-2", route: scope.route),
            IdempotencyScope(principal: scope.principal, route: "POST /api/ext/setup"),
            // Names that would collide if a store joined the parts naively.
            IdempotencyScope(principal: "api-key-1 POST", route: "/api/ext/event"),
        ]
        for (index, scope) in scopes.enumerated() {
            let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
                response("scope \(index)")
            }
            #expect(outcome.executedResponse == response("scope \(index)"))
        }
        for (index, scope) in scopes.enumerated() {
            let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in
                response("again")
            }
            #expect(outcome.replayedResponse == response("scope \(index)"))
        }
    }

    /// Only the configured headers are stored and replayed.
    public static func onlyReplayedHeadersAreStored<Store: IdempotencyStore>(
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        let gate = makeGate(try await makeStore(), clock: clock) { $0.replayedHeaderNames = ["content-type", "x-kept"] }
        let key = newKey()
        let original = IdempotentResponse(
            status: 200,
            headers: [
                .init(name: "Content-Type", value: "text/plain"),
                .init(name: "Set-Cookie", value: "secret"),
                .init(name: "X-Kept", value: "1"),
                .init(name: "X-Kept", value: "2"),
            ],
            body: Array("ok".utf8)
        )
        let first = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in original }
        #expect(first.executedResponse == original)
        let replay = await gate.execute(scope: scope, key: key, fingerprint: fingerprint("{}")) { _ in original }
        let replayed = try #require(replay.replayedResponse)
        #expect(replayed.headers == [original.headers[0], original.headers[2], original.headers[3]])
    }
}
