import Foundation
import HTTPTypes
import IdempotencyKit
import Logging
import Testing

/// The overview article's happy path, compiled and run as written there (with the SQLite store
/// in a temporary file), so the documentation cannot drift from the API.
@Suite("The DocC happy path")
struct DocumentationSnippetTests {
    @Test("compiles, runs once per key and replays the answer with its headers")
    func happyPath() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("docc-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let runs = Counter()
        func createEvent(from body: [UInt8]) async throws -> IdempotentResponse {
            await runs.increment()
            return IdempotentResponse(status: 200, headers: [.init(name: "Content-Type", value: "application/json")], body: body)
        }
        let apiKeyID = "key-1"
        let body = Array(#"{"type":"batch.completed"}"#.utf8)
        var request = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/api/ext/event")
        request.headerFields[HTTPField.Name("X-Idempotency-Key")!] = "batch-B-7"

        var last: IdempotentResponse?
        for _ in 0..<2 {
            // From here to `let headers`, the article's snippet (with `data/core.sqlite` → file).
            let store = try await SQLiteIdempotencyStore.open(path: file, logger: logger)
            let gate = IdempotencyGate(store: store, logger: logger)
            let http = IdempotencyHTTPMapping()

            let outcome = try await gate.execute(
                scope: IdempotencyScope(principal: apiKeyID, route: "POST /api/ext/event"),
                key: try http.key(in: request.headerFields),
                fingerprint: RequestFingerprint(method: "POST", path: request.path ?? "/", body: body)
            ) { claim in
                try await createEvent(from: body)        // returns an IdempotentResponse
            }
            let answer = http.response(for: outcome)     // status, headers, body to send
            let headers = IdempotencyHTTPMapping.fields(of: answer)
            #expect(headers[.contentType] == "application/json")
            last = answer
            try await store.close()
        }
        #expect(await runs.value == 1)
        #expect(last?.status == 200 && last?.body == body)
        #expect(last?.headers.contains { $0.name == "Idempotent-Replayed" && $0.value == "true" } == true)
    }
}

private actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}
