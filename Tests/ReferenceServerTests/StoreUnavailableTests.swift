import Foundation
import GRDB
import Testing

@Suite("The store unavailable")
struct StoreUnavailableTests {
    @Test("while another process holds the file's write lock an ext event is 503 store-unavailable with Retry-After; the retry with the same key executes once")
    func lockedFileIs503ThenRetrySucceedsOnce() async throws {
        try await TestServer.with { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let key = UUID().uuidString
            let headers = [("X-API-Key", server.apiKey), ("Content-Type", "application/json"), ("Idempotency-Key", key)]
            let url = "\(server.baseURL.absoluteString)/api/ext/event"

            // A second owner of the file, as `sqlite3` or a backup tool would be.
            var settings = Configuration()
            settings.allowsUnsafeTransactions = true  // the lock is held across two accesses on purpose
            let intruder = try DatabaseQueue(path: server.configuration.databasePath, configuration: settings)
            try await intruder.writeWithoutTransaction { try $0.execute(sql: "BEGIN EXCLUSIVE") }
            let refused = try await send(.POST, url, headers: headers, body: GracefulShutdownTests.eventBody)
            try await intruder.writeWithoutTransaction { try $0.execute(sql: "ROLLBACK") }

            #expect(refused.status == 503, "\(String(decoding: refused.body, as: UTF8.self))")
            #expect(refused.headers.contains { $0.0.lowercased() == "retry-after" })
            let problem = try JSONSerialization.jsonObject(with: Data(refused.body)) as? [String: Any]
            #expect((problem?["type"] as? String)?.hasSuffix("/store-unavailable") == true)
            #expect(problem?["requestId"] is String)

            let first = try await send(.POST, url, headers: headers, body: GracefulShutdownTests.eventBody)
            #expect(first.status == 200)
            let again = try await send(.POST, url, headers: headers, body: GracefulShutdownTests.eventBody)
            #expect(again.status == 200)
            #expect(again.headers.contains { $0.0.lowercased() == "idempotent-replayed" && $0.1 == "true" })
            #expect(again.body == first.body)
        }
    }
}
