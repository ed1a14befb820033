import Foundation
import Testing

@Suite("Hostile input")
struct HostileInputTests {
    @Test("bad bodies get clear errors and the server keeps serving")
    func badBodiesGetClearErrors() async throws {
        try await TestServer.with { server in
            let url = "\(server.baseURL)/api/v1/machines"
            let auth = ("Authorization", "Bearer \(server.adminToken)")
            let json = ("Content-Type", "application/json")

            let wrongType = try await send(.POST, url, headers: [auth, ("Content-Type", "text/plain")], body: Array("hi".utf8))
            #expect(wrongType.status == 415)
            #expect(wrongType.problemKind == "unsupported-media-type")

            let oversized = try await send(.POST, url, headers: [auth, json], body: Array(repeating: 0x20, count: 300 * 1024))
            #expect(oversized.status == 413)
            #expect(oversized.problemKind == "payload-too-large")

            let invalid = try await send(.POST, url, headers: [auth, json], body: Array(#"{"externalId": "#.utf8))
            #expect(invalid.status == 400)
            #expect(invalid.header("Content-Type") == "application/problem+json")

            let unknown = try await send(.POST, url, headers: [auth, json], body: Array(#"{"externalId":"1","name":"x","extra":1}"#.utf8))
            #expect(unknown.status == 422)

            let health = try await send(.GET, "\(server.baseURL)/healthz")
            #expect(health.status == 200)
        }
    }

    @Test("ids that are not UUIDs, traversal included, are unknown machines", arguments: [
        "..%2F..%2Fetc%2Fpasswd", "%2E%2E", "17", "00000000-0000-0000-0000-000000000000", String(repeating: "a", count: 2000),
    ])
    func strangeIdsAreNotFound(id: String) async throws {
        try await TestServer.with { server in
            let response = try await send(
                .GET, "\(server.baseURL)/api/v1/machines/\(id)", headers: [("Authorization", "Bearer \(server.adminToken)")]
            )
            #expect(response.status == 404)
            #expect(response.header("Content-Type") == "application/problem+json")
        }
    }

    @Test("an unknown route is a 404 problem")
    func unknownRouteIsProblem() async throws {
        try await TestServer.with { server in
            let response = try await send(.GET, "\(server.baseURL)/nothing/here")
            #expect(response.status == 404)
        }
    }
}
