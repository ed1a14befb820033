import IdempotencyKit
import Testing

@Suite("Stored response encoding")
struct IdempotentResponseEncodingTests {
    @Test(arguments: [
        IdempotentResponse(status: 200),
        IdempotentResponse(status: 201, headers: [.init(name: "Content-Type", value: "application/json")], body: Array("{}".utf8)),
        IdempotentResponse(status: 503, headers: [.init(name: "X-A", value: ""), .init(name: "X-A", value: "é🚀")], body: [0, 255, 10, 13]),
        IdempotentResponse(status: 599, body: Array(repeating: 7, count: 70_000)),
    ])
    func roundTripsEveryResponseExactly(response: IdempotentResponse) throws {
        let decoded = try IdempotentResponse(encoded: try response.encoded())
        #expect(decoded == response)
    }

    @Test(arguments: [99, 600, -1, 70_000])
    func refusesToEncodeAnInvalidStatus(status: Int) {
        #expect(throws: IdempotencyError.self) { try IdempotentResponse(status: status).encoded() }
    }

    @Test func reportsEveryTruncationAsACorruptedRecord() throws {
        let encoded = try IdempotentResponse(
            status: 200,
            headers: [.init(name: "Content-Type", value: "text/plain")],
            body: Array("hello".utf8)
        ).encoded()
        for length in 0..<encoded.count {
            do {
                _ = try IdempotentResponse(encoded: encoded.prefix(length))
                Issue.record("A response truncated to \(length) bytes decoded")
            } catch {
                #expect(error.code == .corruptedRecord)
            }
        }
        #expect(throws: IdempotencyError.self) { try IdempotentResponse(encoded: encoded + [0]) }
    }

    @Test func reportsGarbageAsACorruptedRecord() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let garbage = Array("IDR1".utf8) + (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Random bytes after the marker must decode or fail with a typed error, never trap.
            if let decoded = try? IdempotentResponse(encoded: garbage) {
                #expect((100...599).contains(decoded.status))
            }
        }
        #expect(throws: IdempotencyError.self) { try IdempotentResponse(encoded: Array("not a response".utf8)) }
    }
}

@Suite("Idempotency keys and scopes")
struct IdempotencyKeyTests {
    @Test(arguments: ["a", "3f1c2a9e-5b7d-4c8e-9f00-123456789abc", "key with inner spaces", "~!@#$%^&*()_+"])
    func acceptsPrintableKeys(key: String) throws {
        #expect(try IdempotencyKey(validating: key).rawValue == key)
    }

    @Test func storageKeysOfDifferentRecordsNeverCollide() throws {
        let key = try IdempotencyKey(validating: "k")
        let ids = [
            IdempotencyRecordID(scope: .init(principal: "a", route: "b|c"), key: key),
            IdempotencyRecordID(scope: .init(principal: "a|b", route: "c"), key: key),
            IdempotencyRecordID(scope: .init(principal: "a", route: "b"), key: try IdempotencyKey(validating: "c|k")),
            IdempotencyRecordID(scope: .init(principal: "1:a", route: "b"), key: key),
        ]
        #expect(Set(ids.map(\.storageKey)).count == ids.count)
    }
}
