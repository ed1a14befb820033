import Foundation
import Testing

@Suite("Operations routes")
struct OperationsTests {
    @Test("health, readiness, metrics and the OpenAPI document are served without credentials")
    func operationsRoutesAreOpen() async throws {
        try await TestServer.with { server in
            let health = try await send(.GET, "\(server.baseURL)/healthz")
            #expect(health.status == 200)
            #expect(health.json?["status"] as? String == "ok")

            let ready = try await send(.GET, "\(server.baseURL)/readyz")
            #expect(ready.status == 200)
            #expect((ready.json?["checks"] as? [String: String])?["store"] == "ok")
            #expect((ready.json?["checks"] as? [String: String])?["outboxRelay"] == "ok")

            let document = try await send(.GET, "\(server.baseURL)/openapi.yaml")
            #expect(document.status == 200)
            #expect(document.text.hasPrefix("openapi: 3.1.0"))

            let metrics = try await send(.GET, "\(server.baseURL)/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("mtc_http_requests_total{"))
            #expect(metrics.text.contains("route=\"/healthz\""))
            #expect(metrics.text.contains("mtc_http_request_duration_seconds_bucket"))
            for family in ["mtc_ingest_observations_total", "mtc_outbox_relay_pending", "mtc_outbox_relay_lag_seconds", "mtc_outbox_relay_published_total"] {
                #expect(metrics.text.contains("\n\(family)"), "/metrics has \(family)")
            }
        }
    }

    @Test("every response carries a request id, echoing the caller's")
    func requestIdIsEchoed() async throws {
        try await TestServer.with { server in
            let echoed = try await send(.GET, "\(server.baseURL)/healthz", headers: [("X-Request-Id", "abc-123")])
            #expect(echoed.header("X-Request-Id") == "abc-123")
            let made = try await send(.GET, "\(server.baseURL)/healthz")
            #expect(made.header("X-Request-Id")?.count == 36)
        }
    }
}
