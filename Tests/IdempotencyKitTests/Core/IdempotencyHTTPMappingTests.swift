import IdempotencyKit
import Testing

@Suite("HTTP mapping of outcomes")
struct IdempotencyHTTPMappingTests {
    let mapping = IdempotencyHTTPMapping()
    let stored = IdempotentResponse(status: 201, headers: [.init(name: "Content-Type", value: "application/json")], body: Array(#"{"id":1}"#.utf8))

    @Test func passesAnExecutedResponseThroughUnchanged() {
        #expect(mapping.response(for: .executed(stored)) == stored)
        let reason = IdempotencyError(code: .storeUnavailable, message: "down")
        #expect(mapping.response(for: .executedWithoutRecord(stored, reason: reason)) == stored)
    }

    @Test func marksAReplayWithIdempotentReplayedAndKeepsTheBodyBytes() {
        let replayed = mapping.response(for: .replayed(stored))
        #expect(replayed.status == 201)
        #expect(replayed.body == stored.body)
        #expect(replayed.headerValue("idempotent-replayed") == "true")
        #expect(replayed.headerValue("Content-Type") == "application/json")
    }

    @Test(arguments: [(Duration.seconds(20), "20"), (.milliseconds(200), "1"), (.milliseconds(2500), "3")])
    func answersAnInFlightRequestWith409AndRetryAfter(retryAfter: Duration, header: String) throws {
        let response = mapping.response(for: .inFlight(retryAfter: retryAfter))
        #expect(response.status == 409)
        #expect(response.headerValue("Retry-After") == header)
        #expect(response.headerValue("Content-Type") == "application/problem+json")
        let problem = try CanonicalJSON.canonicalize(response.body)
        #expect(String(decoding: problem, as: UTF8.self).contains("idempotency-request-in-flight"))
    }

    @Test(arguments: [409, 422])
    func answersAReusedKeyWithTheConfiguredStatus(status: Int) {
        var mapping = IdempotencyHTTPMapping()
        mapping.keyReusedStatus = status
        let response = mapping.response(for: .keyReused)
        #expect(response.status == status)
        #expect(String(decoding: response.body, as: UTF8.self).contains("idempotency-key-reused"))
        #expect(String(decoding: response.body, as: UTF8.self).contains("\"status\":\(status)"))
    }

    @Test(arguments: [(nil, "idempotency-key-missing"), ("bad\u{1}key", "idempotency-key-malformed")] as [(String?, String)])
    func answersAMissingOrMalformedKeyWith400(key: String?, problemType: String) throws {
        let error = try #require(throws: IdempotencyError.self) { try IdempotencyKey(validating: key) }
        let response = mapping.response(for: .invalidKey(error))
        #expect(response.status == 400)
        // The problem document is valid JSON even though the message is free text.
        #expect(throws: Never.self) { try CanonicalJSON.canonicalize(response.body) }
        #expect(String(decoding: response.body, as: UTF8.self).contains(problemType))
    }

    @Test func answersAStoreFailureWith503AndRetryAfter() {
        let response = mapping.response(for: .storeFailure(IdempotencyError(code: .storeUnavailable, message: "down")))
        #expect(response.status == 503)
        #expect(response.headerValue("Retry-After") == "5")
    }

    @Test func readsTheKeyFromEitherHeaderCaseInsensitively() throws {
        #expect(try mapping.key(in: [(name: "idempotency-key", value: "k1")]) == "k1")
        #expect(try mapping.key(in: [(name: "X-IDEMPOTENCY-KEY", value: "k2")]) == "k2")
        #expect(try mapping.key(in: [(name: "Idempotency-Key", value: "k3"), (name: "X-Idempotency-Key", value: "k3")]) == "k3")
        #expect(try mapping.key(in: [(name: "Content-Type", value: "k")]) == nil)
        #expect(throws: IdempotencyError.self) {
            try mapping.key(in: [(name: "Idempotency-Key", value: "a"), (name: "X-Idempotency-Key", value: "b")])
        }
    }
}
