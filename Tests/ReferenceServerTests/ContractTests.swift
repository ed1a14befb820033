import CompressNIO
import Foundation
import NIOCore
import Testing

/// What schemathesis found where the server and its OpenAPI document disagreed; each is pinned
/// here so the fix holds without the Python tool.
@Suite("The server does what its document says")
struct ContractTests {
    @Test("an undeclared method is 405 with Allow, before body rules or credentials")
    func methodNotAllowed() async throws {
        try await TestServer.with { server in
            let put = try await send(.PUT, "\(server.baseURL)/api/v1/machines", headers: [("Content-Type", "text/plain")], body: [0x41])
            #expect(put.status == 405)
            #expect(put.header("Allow") == "GET, POST")
            #expect(put.problemKind == "method-not-allowed")

            let delete = try await send(.DELETE, "\(server.baseURL)/healthz")
            #expect(delete.status == 405)
            #expect(delete.header("Allow") == "GET")

            let unknown = try await send(.POST, "\(server.baseURL)/api/v2/anything", headers: [("Content-Type", "text/plain")], body: [0x41])
            #expect(unknown.status == 404)
        }
    }

    @Test("a query parameter that does not decode is 400 naming it", arguments: ["limit=null", "limit=*", "limit=1.5"])
    func badQueryParameter(query: String) async throws {
        try await TestServer.with { server in
            let response = try await send(
                .GET, "\(server.baseURL)/api/v1/machines?\(query)", headers: [("Authorization", "Bearer \(server.adminToken)")]
            )
            #expect(response.status == 400)
            #expect(
                response.firstErrorField == "limit",
                "\(String(decoding: response.body, as: UTF8.self))"
            )
        }
    }

    @Test("null where the document has none is 422 with its pointer; null in free-form payloads is kept")
    func nulls() async throws {
        try await TestServer.with { server in
            let machine = try await createMachine(server)
            let headers = [("X-API-Key", server.apiKey), ("Content-Type", "application/json")]
            let forbidden = try await send(.POST, "\(server.baseURL)/api/ext/setup", headers: headers + [("X-Idempotency-Key", "n-1")], body: Array(#"""
                {"machineId":"\#(machine)","phase":"started","occurredAt":"2026-01-31T12:00:00Z","drawingNumber":null}
                """#.utf8))
            #expect(forbidden.status == 422)
            #expect(forbidden.firstErrorField == "/drawingNumber")

            let allowed = try await send(.POST, "\(server.baseURL)/api/ext/event", headers: headers + [("X-Idempotency-Key", "n-2")], body: Array(#"""
                {"machineId":"\#(machine)","type":"batch.completed","occurredAt":"2026-01-31T12:00:00Z","payload":{"note":null}}
                """#.utf8))
            #expect(allowed.status == 200)

            // A string that merely contains "null" is not a null.
            let text = try await send(.POST, "\(server.baseURL)/api/ext/setup", headers: headers + [("X-Idempotency-Key", "n-3")], body: Array(#"""
                {"machineId":"\#(machine)","phase":"started","occurredAt":"2026-01-31T12:00:00Z","operator":"null \"null\""}
                """#.utf8))
            #expect(text.status == 200)
        }
    }

    @Test("a date-time without an offset names its field; one with many fraction digits is accepted")
    func dateTimes() async throws {
        try await TestServer.with { server in
            let machine = try await createMachine(server)
            let headers = [("X-API-Key", server.apiKey), ("Content-Type", "application/json")]
            let naive = try await send(.POST, "\(server.baseURL)/api/ext/event", headers: headers + [("X-Idempotency-Key", "d-1")], body: Array(#"""
                {"machineId":"\#(machine)","type":"batch.completed","occurredAt":"2026-01-31T12:00:00.123456"}
                """#.utf8))
            #expect(naive.status == 422)
            #expect(naive.firstErrorField == "/occurredAt")

            let precise = try await send(.POST, "\(server.baseURL)/api/ext/event", headers: headers + [("X-Idempotency-Key", "d-2")], body: Array(#"""
                {"machineId":"\#(machine)","type":"batch.completed","occurredAt":"2026-01-31T12:00:00.123456789012+01:00"}
                """#.utf8))
            #expect(precise.status == 200)

            let query = try await send(
                .GET, "\(server.baseURL)/api/v1/machines/\(machine)/data?from=yesterday",
                headers: [("Authorization", "Bearer \(server.adminToken)")]
            )
            #expect(query.status == 400)
            #expect(query.firstErrorField == "from")
        }
    }

    @Test("any cursor of the documented shape is a position; a range ending before it starts is empty")
    func cursorsAndRanges() async throws {
        try await TestServer.with { server in
            let machine = try await createMachine(server)
            let auth = [("Authorization", "Bearer \(server.adminToken)")]
            let madeUp = try await send(.GET, "\(server.baseURL)/api/v1/machines?cursor=-3.r", headers: auth)
            #expect(madeUp.status == 200)
            let malformed = try await send(.GET, "\(server.baseURL)/api/v1/machines?cursor=bm90LWEtY3Vyc29y", headers: auth)
            #expect(malformed.status == 400)
            let reversed = try await send(
                .GET, "\(server.baseURL)/api/v1/machines/\(machine)/data?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z&cursor=0.5",
                headers: auth
            )
            #expect(reversed.status == 200)
            #expect((reversed.json?["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("the IETF Idempotency-Key alone satisfies the ext routes' required header")
    func ietfKeyAlone() async throws {
        try await TestServer.with { server in
            let machine = try await createMachine(server)
            let response = try await send(
                .POST, "\(server.baseURL)/api/ext/event",
                headers: [("X-API-Key", server.apiKey), ("Content-Type", "application/json"), ("Idempotency-Key", "ietf-1")],
                body: Array(#"{"machineId":"\#(machine)","type":"batch.completed","occurredAt":"2026-01-31T12:00:00Z"}"#.utf8)
            )
            #expect(response.status == 200)
        }
    }

    @Test("an unknown field is 422 naming it, in words a user can act on")
    func unknownField() async throws {
        try await TestServer.with { server in
            let response = try await send(
                .POST, "\(server.baseURL)/api/v1/machines",
                headers: [("Authorization", "Bearer \(server.adminToken)"), ("Content-Type", "application/json")],
                body: Array(#"{"externalId":"u1","name":"x","source":{"kind":"none","colour":"red"}}"#.utf8)
            )
            #expect(response.status == 422)
            let error = try #require((response.json?["errors"] as? [[String: Any]])?.first)
            #expect(error["field"] as? String == "/source/colour")
            #expect((error["message"] as? String)?.hasPrefix("Unknown field") == true)
            #expect(response.json?["instance"] as? String == "/api/v1/machines")
            #expect(response.json?["requestId"] is String)
        }
    }

    @Test("/api/v1 takes the external id wherever it takes the UUID, and the list filters by it")
    func externalIds() async throws {
        try await TestServer.with { server in
            let auth = ("Authorization", "Bearer \(server.adminToken)")
            let created = try await send(
                .POST, "\(server.baseURL)/api/v1/machines", headers: [auth, ("Content-Type", "application/json")],
                body: Array(#"{"externalId":"press-7","name":"Press"}"#.utf8)
            )
            let id = try #require(created.json?["id"] as? String)
            _ = try await createMachine(server)

            let byExternal = try await send(.GET, "\(server.baseURL)/api/v1/machines/press-7", headers: [auth])
            #expect(byExternal.json?["id"] as? String == id)
            let renamed = try await send(
                .PATCH, "\(server.baseURL)/api/v1/machines/press-7", headers: [auth, ("Content-Type", "application/json")],
                body: Array(#"{"name":"Press 7"}"#.utf8)
            )
            #expect(renamed.json?["name"] as? String == "Press 7")

            let filtered = try await send(.GET, "\(server.baseURL)/api/v1/machines?externalId=press-7", headers: [auth])
            let items = try #require(filtered.json?["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [id])
            let none = try await send(.GET, "\(server.baseURL)/api/v1/machines?externalId=press-8", headers: [auth])
            #expect((none.json?["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("/openapi.json is the YAML's document and /docs a page that loads nothing from elsewhere")
    func documentsForTools() async throws {
        try await TestServer.with { server in
            let json = try await send(.GET, "\(server.baseURL)/openapi.json")
            #expect(json.status == 200)
            let paths = try #require((json.json?["paths"] as? [String: Any])?.keys)
            let yaml = try await send(.GET, "\(server.baseURL)/openapi.yaml")
            let yamlPaths = String(decoding: yaml.body, as: UTF8.self).split(separator: "\n")
                .filter { $0.hasPrefix("  /") && $0.hasSuffix(":") }
                .map { String($0.dropFirst(2).dropLast()) }
            #expect(Set(paths) == Set(yamlPaths), "run scripts/openapi-json.sh after changing openapi.yaml")
            #expect((json.json?["info"] as? [String: Any])?["title"] as? String == "MTConnect Core")

            let page = try await send(.GET, "\(server.baseURL)/docs")
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html.contains(#"fetch("/openapi.json")"#))
            #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "no CDN")
        }
    }

    @Test("answers are gzipped when asked, with Vary, and the same bytes once inflated")
    func gzip() async throws {
        try await TestServer.with { server in
            let plain = try await send(.GET, "\(server.baseURL)/openapi.json", client: undecodingClient)
            #expect(plain.header("Content-Encoding") == nil)
            #expect(plain.header("Vary") == "Accept-Encoding")
            let zipped = try await send(
                .GET, "\(server.baseURL)/openapi.json", headers: [("Accept-Encoding", "br;q=1, gzip;q=0.8")], client: undecodingClient
            )
            #expect(zipped.header("Content-Encoding") == "gzip")
            #expect(zipped.body.count < plain.body.count / 3)
            var buffer = ByteBuffer(bytes: zipped.body)
            let inflated = try buffer.decompress(with: .gzip())
            #expect(Array(inflated.readableBytesView) == plain.body)

            let refused = try await send(.GET, "\(server.baseURL)/openapi.json", headers: [("Accept-Encoding", "gzip;q=0")], client: undecodingClient)
            #expect(refused.header("Content-Encoding") == nil)
            let small = try await send(.GET, "\(server.baseURL)/healthz", headers: [("Accept-Encoding", "gzip")], client: undecodingClient)
            #expect(small.header("Content-Encoding") == nil, "bodies under 1 KiB are sent as they are")
        }
    }

    private func createMachine(_ server: TestServer) async throws -> String {
        let response = try await send(
            .POST, "\(server.baseURL)/api/v1/machines",
            headers: [("Authorization", "Bearer \(server.adminToken)"), ("Content-Type", "application/json")],
            body: Array(#"{"externalId":"c-\#(UUID().uuidString.prefix(8))","name":"Contract"}"#.utf8)
        )
        return try #require(response.json?["id"] as? String)
    }
}
