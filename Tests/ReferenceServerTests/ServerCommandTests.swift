import Foundation
import Testing
import TestSupport

/// `mtc-server apikey …` and `mtc-server token create` as an operator runs them, beside a
/// running `mtc-server serve` on the same database.
@Suite("mtc-server's operator commands")
struct ServerCommandTests {
    static let executable = ChildProcess.siblingExecutable(named: "mtc-server")

    /// Runs `mtc-server arguments` to the end and collects its output.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess.Outcome {
        try await ChildProcess.run(try #require(executable), arguments: arguments, environment: environment)
    }

    @Test(
        "apikey create prints a key once, list shows it without the key, revoke from another process is refused by the running server from the next request on; token create signs a token the server accepts",
        .enabled(if: executable != nil, "mtc-server is not built beside the test bundle (run `swift build`)")
    )
    func keysAndTokensAgainstARunningServer() async throws {
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try ChildProcess.freePort()
        let environment = [
            "MTC_DATABASE": directory.appendingPathComponent("server.sqlite").path, "MTC_PORT": String(port),
            "MTC_JWT_SECRET": TestServer.jwtSecret, "MTC_INTERNAL_TOKEN": TestServer.internalToken, "MTC_LOG_LEVEL": "error",
        ]

        let empty = try await Self.run(["apikey", "list"], environment: environment)
        #expect(empty.status == 0)
        #expect(empty.standardOutput.contains("No API keys yet"))

        let created = try await Self.run(["apikey", "create", "--name", "plc-gateway"], environment: environment)
        #expect(created.status == 0, "\(created.standardError)")
        let key = created.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count >= 32 && !key.contains(" "))

        let listed = try await Self.run(["apikey", "list", "--json"], environment: environment)
        #expect(listed.status == 0, "\(listed.standardError)")
        #expect(!listed.standardOutput.contains(key), "a listing never shows a key")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(keys.first?["name"] as? String == "plc-gateway")
        #expect(keys.first?["revokedAt"] == nil)
        let keyId = try #require(keys.first?["id"] as? String)

        let token = try await Self.run(["token", "create", "--role", "admin", "--subject", "ops"], environment: environment)
        #expect(token.status == 0, "\(token.standardError)")
        let adminToken = token.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let badRole = try await Self.run(["token", "create", "--role", "root"], environment: environment)
        #expect(badRole.status != 0)
        #expect(badRole.standardError.contains("--role must be operator, manager or admin"))

        let server = try ChildProcess.spawn(try #require(Self.executable), arguments: ["serve"], environment: environment)
        let base = "http://127.0.0.1:\(port)"
        try await server.killedOnError {
            try await withTimeout(.seconds(60)) {
                while (try? await send(.GET, "\(base)/healthz"))?.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            let machine = try await send(
                .POST, "\(base)/api/v1/machines",
                headers: [("Authorization", "Bearer \(adminToken)"), ("Content-Type", "application/json")],
                body: Array(#"{"externalId":"17","name":"Mill 17"}"#.utf8)
            )
            #expect(machine.status == 201, "the signed token is accepted: \(String(decoding: machine.body, as: UTF8.self))")

            let accepted = try await Self.postEvent(base: base, key: key)
            #expect(accepted == 200)

            let revoked = try await Self.run(["apikey", "revoke", keyId], environment: environment)
            #expect(revoked.status == 0, "\(revoked.standardError)")
            #expect(revoked.standardOutput.contains("Revoked \(keyId)."))
            let refused = try await Self.postEvent(base: base, key: key)
            #expect(refused == 401, "the running server refuses a key revoked by another process")

            let again = try await Self.run(["apikey", "revoke", keyId], environment: environment)
            #expect(again.status != 0)
            #expect(again.standardError.contains("No active API key \(keyId)"))
        }
        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(20)) == 0)

        let after = try await Self.run(["apikey", "list", "--json"], environment: environment)
        let final = try #require(try JSONSerialization.jsonObject(with: Data(after.standardOutput.utf8)) as? [[String: Any]])
        #expect(final.first?["revokedAt"] != nil, "the listing shows when the key was revoked")
    }

    static func postEvent(base: String, key: String) async throws -> Int {
        try await send(
            .POST, "\(base)/api/ext/event",
            headers: [("X-API-Key", key), ("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString)],
            body: GracefulShutdownTests.eventBody
        ).status
    }
}
