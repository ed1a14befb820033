import Foundation
import Testing
import TestSupport

@Suite("The executable's log as a log shipper reads it")
struct JSONLogTests {
    @Test(
        "every line on standard error is one JSON object with ts, level, logger and msg; a request's line carries its id and route; no credential is written",
        .enabled(if: ChildProcess.siblingExecutable(named: "mtc-server") != nil, "mtc-server is not built beside the test bundle (run `swift build`)")
    )
    func logLinesAreJSONWithoutCredentials() async throws {
        let executable = try #require(ChildProcess.siblingExecutable(named: "mtc-server"))
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("banner.txt").path
        let errors = directory.appendingPathComponent("log.jsonl").path
        let child = try ChildProcess.spawn(
            executable, arguments: ["--demo", "--port", "0", "--log-level", "info"], environment: [:],
            standardOutput: output, standardError: errors
        )
        let wrongToken = "wrong-token-\(UUID().uuidString)"
        let wrongKey = "mtc_wrong_key_\(UUID().uuidString)"
        var token = ""
        try await child.killedOnError {
            let exports = try await DemoTests.exports(printedTo: output)
            let base = try #require(exports["MTC_URL"])
            token = try #require(exports["MTC_ADMIN_TOKEN"])
            let listed = try await send(
                .GET, "\(base)/api/v1/machines",
                headers: [("Authorization", "Bearer \(token)"), ("X-Request-Id", "log-test-1")]
            )
            #expect(listed.status == 200)
            let refused = try await send(.GET, "\(base)/api/v1/machines", headers: [("Authorization", "Bearer \(wrongToken)")])
            #expect(refused.status == 401)
            let badKey = try await send(
                .POST, "\(base)/api/ext/event",
                headers: [("X-API-Key", wrongKey), ("Content-Type", "application/json")], body: Array("{}".utf8)
            )
            #expect(badKey.status == 401)
        }
        child.signal(SIGTERM)
        #expect(await child.waitForExit(within: .seconds(20)) == 0)

        let log = try String(contentsOfFile: errors, encoding: .utf8)
        let lines = log.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count >= 3, "at least one line per request: \(log.prefix(500))")
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not one JSON object: \(line)")
            guard let object else { continue }
            for field in ["ts", "level", "logger", "msg"] {
                #expect(object[field] is String, "\(field) missing in \(line)")
            }
            objects.append(object)
        }
        let request = objects.first { ($0["request_id"] as? String) == "log-test-1" }
        #expect(request?["msg"] as? String == "request")
        #expect(request?["status"] as? String == "200")
        #expect(request?["route"] as? String == "/api/v1/machines")
        for secret in [token, wrongToken, wrongKey] where !secret.isEmpty {
            #expect(!log.contains(secret), "a credential was written to the log")
        }
    }
}
