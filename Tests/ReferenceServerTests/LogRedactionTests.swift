import Foundation
import Logging
@testable import ReferenceServer
import Testing

@Suite("Credentials never reach the log")
struct LogRedactionTests {
    @Test("a +json body type is refused with 415 and no credential of the request is logged")
    func plusJSONIsRefusedWithoutLoggingCredentials() async throws {
        let log = CapturedLog()
        try await TestServer.with(logger: log.logger) { server in
            let cookie = "session=cookie-secret-value-1234"
            let routes: [(String, [(String, String)])] = [
                ("/api/ext/event", [("X-API-Key", server.apiKey), ("X-Idempotency-Key", "k-1")]),
                ("/api/v1/machines", [("Authorization", "Bearer \(server.adminToken)")]),
                ("/internal/machines/00000000-0000-0000-0000-000000000000/data", [("Authorization", "Bearer \(TestServer.internalToken)")]),
            ]
            for (path, credentials) in routes {
                for type in ["application/vnd.x+json", "application/merge-patch+json", "application/problem+json"] {
                    let response = try await send(
                        .POST, "\(server.baseURL)\(path)",
                        headers: credentials + [("Content-Type", type), ("Cookie", cookie)], body: Array("{}".utf8)
                    )
                    #expect(response.status == 415, "\(path) with \(type)")
                    #expect(response.problemKind == "unsupported-media-type")
                }
            }
            let text = log.text
            #expect(!text.isEmpty)
            for secret in [server.apiKey, server.adminToken, TestServer.internalToken, "cookie-secret-value", TestServer.jwtSecret] {
                #expect(!text.contains(secret), "the log contains a credential")
            }
        }
    }

    @Test("header dumps, bearer tokens, JWTs, API keys and configured secrets are redacted", arguments: [
        #"["Authorization": "Bearer abc.def.ghi", "X-API-Key": "mtc_AAAAAAAAAAAAAAAAAAAAAA"]"#,
        "authorization: Basic dXNlcjpwYXNz\r\ncookie: a=b; c=d",
        "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl&x=1",
        "request failed: HTTPFields(X-Api-Key: mtc_q1w2e3r4t5y6u7i8o9p0, Set-Cookie: s=1)",
        #"{"client_secret":"hunter2hunter2","password": "p4ssw0rd!"}"#,
        "the internal token is internal-secret-0123456789",
    ])
    func redactsCredentialShapes(line: String) {
        let redactor = CredentialRedactor(secrets: ["internal-secret-0123456789"])
        let redacted = redactor.redact(line)
        for leaked in ["abc.def.ghi", "mtc_AAAA", "dXNlcjpwYXNz", "a=b", "eyJhbGciOiJIUzI1NiJ9", "mtc_q1w2", "s=1",
                       "hunter2", "p4ssw0rd", "internal-secret-0123456789"] {
            #expect(!redacted.contains(leaked), "\(redacted)")
        }
        #expect(redacted.contains(CredentialRedactor.placeholder))
    }

    @Test("ordinary lines pass unchanged")
    func ordinaryLinesPass() {
        let line = #"request method=POST route=/api/ext/event status=200 duration_ms=1.2"#
        #expect(CredentialRedactor(secrets: []).redact(line) == line)
    }

    @Test("metadata values and the error of an event are redacted too")
    func metadataAndErrorsAreRedacted() {
        let log = CapturedLog()
        let logger = log.logger.redactingCredentials(secrets: ["configured-secret-value"])
        struct Failure: Error, CustomStringConvertible { var description: String { "headers: [Authorization: Bearer t0k3n]" } }
        logger.error("failed with configured-secret-value", error: Failure(), metadata: ["headers": "X-API-Key: mtc_zzzzzzzzzzzzzzzzzzzz", "token": "abc-metadata-token"])
        let text = log.text
        for leaked in ["configured-secret-value", "mtc_zzzz", "t0k3n", "abc-metadata-token"] {
            #expect(!text.contains(leaked), "\(text)")
        }
    }
}
