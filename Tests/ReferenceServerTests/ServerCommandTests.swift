import Foundation
import Testing
import TestSupport

/// `mtc-server apikey …` and `mtc-server token create` as an operator runs them, beside a
/// running `mtc-server serve` on the same database.
@Suite("mtc-server's operator commands")
struct ServerCommandTests {
    struct Run {
        var status: Int32?
        var output: String
        var errors: String
    }

    static let executable = ChildProcess.siblingExecutable(named: "mtc-server")

    /// Runs `mtc-server arguments` to the end and collects its output.
    static func run(_ arguments: [String], environment: [String: String], in directory: URL) async throws -> Run {
        let output = directory.appendingPathComponent("out-\(UUID().uuidString)").path
        let errors = directory.appendingPathComponent("err-\(UUID().uuidString)").path
        let child = try ChildProcess.spawn(
            try #require(executable), arguments: arguments, environment: environment, standardOutput: output, standardError: errors
        )
        let status = await child.waitForExit(within: .seconds(60))
        return Run(
            status: status,
            output: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        )
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

        let empty = try await Self.run(["apikey", "list"], environment: environment, in: directory)
        #expect(empty.status == 0)
        #expect(empty.output.contains("No API keys yet"))

        let created = try await Self.run(["apikey", "create", "--name", "plc-gateway"], environment: environment, in: directory)
        #expect(created.status == 0, "\(created.errors)")
        let key = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.count >= 32 && !key.contains(" "))

        let listed = try await Self.run(["apikey", "list", "--json"], environment: environment, in: directory)
        #expect(listed.status == 0, "\(listed.errors)")
        #expect(!listed.output.contains(key), "a listing never shows a key")
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(keys.first?["name"] as? String == "plc-gateway")
        #expect(keys.first?["revokedAt"] == nil)
        let keyId = try #require(keys.first?["id"] as? String)

        let token = try await Self.run(["token", "create", "--role", "admin", "--subject", "ops"], environment: environment, in: directory)
        #expect(token.status == 0, "\(token.errors)")
        let adminToken = token.output.trimmingCharacters(in: .whitespacesAndNewlines)
        let badRole = try await Self.run(["token", "create", "--role", "root"], environment: environment, in: directory)
        #expect(badRole.status != 0)
        #expect(badRole.errors.contains("--role must be operator, manager or admin"))

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

            let revoked = try await Self.run(["apikey", "revoke", keyId], environment: environment, in: directory)
            #expect(revoked.status == 0, "\(revoked.errors)")
            #expect(revoked.output.contains("Revoked \(keyId)."))
            let refused = try await Self.postEvent(base: base, key: key)
            #expect(refused == 401, "the running server refuses a key revoked by another process")

            let again = try await Self.run(["apikey", "revoke", keyId], environment: environment, in: directory)
            #expect(again.status != 0)
            #expect(again.errors.contains("No active API key \(keyId)"))
        }
        server.signal(SIGTERM)
        #expect(await server.waitForExit(within: .seconds(20)) == 0)

        let after = try await Self.run(["apikey", "list", "--json"], environment: environment, in: directory)
        let final = try #require(try JSONSerialization.jsonObject(with: Data(after.output.utf8)) as? [[String: Any]])
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
