import IdempotencyKit
import Logging
import MetricsTestKit
import Testing

@Suite("Gate metrics")
struct IdempotencyGateMetricsTests {
    @Test func countsExecutionsReplaysConflictsAndInvalidKeys() async throws {
        let metrics = TestMetrics()
        let clock = ManualIdempotencyClock()
        let gate = IdempotencyGate(
            store: InMemoryIdempotencyStore(),
            clock: clock,
            metricsFactory: metrics,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let scope = IdempotencyScope(principal: "p", route: "POST /r")
        let body = RequestFingerprint(method: "POST", path: "/r", body: Array("{}".utf8))
        let changed = RequestFingerprint(method: "POST", path: "/r", body: Array(#"{"a":1}"#.utf8))
        let ok = IdempotentResponse(status: 200)

        _ = await gate.execute(scope: scope, key: "k1", fingerprint: body) { _ in ok }
        _ = await gate.execute(scope: scope, key: "k1", fingerprint: body) { _ in ok }
        _ = await gate.execute(scope: scope, key: "k1", fingerprint: body) { _ in ok }
        _ = await gate.execute(scope: scope, key: "k1", fingerprint: changed) { _ in ok }
        _ = await gate.execute(scope: scope, key: nil, fingerprint: body) { _ in ok }
        _ = await gate.execute(scope: scope, key: "k2", fingerprint: body) { _ in
            let conflict = await gate.execute(scope: scope, key: "k2", fingerprint: body) { _ in ok }
            #expect({ if case .inFlight = conflict { true } else { false } }())
            return ok
        }

        #expect(try metrics.expectCounter("idempotency_executed_total").totalValue == 2)
        #expect(try metrics.expectCounter("idempotency_replayed_total").totalValue == 2)
        #expect(try metrics.expectCounter("idempotency_conflicts_total", [("reason", "key_reused")]).totalValue == 1)
        #expect(try metrics.expectCounter("idempotency_conflicts_total", [("reason", "in_flight")]).totalValue == 1)
        #expect(try metrics.expectCounter("idempotency_invalid_keys_total").totalValue == 1)
        #expect(try metrics.expectCounter("idempotency_store_errors_total").totalValue == 0)
    }
}
