import Foundation
import Testing
import TestSupport

@Suite("The demo as a new user runs it")
struct DemoTests {
    @Test(
        "--demo --port 0 prints its real URL and the exports, answers compact JSON, and stops on SIGTERM",
        .enabled(if: ChildProcess.siblingExecutable(named: "mtc-server") != nil, "mtc-server is not built beside the test bundle (run `swift build`)")
    )
    func demoOnAFreePort() async throws {
        let executable = try #require(ChildProcess.siblingExecutable(named: "mtc-server"))
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("banner.txt").path
        let child = try ChildProcess.spawn(
            executable, arguments: ["--demo", "--port", "0", "--log-level", "error"], environment: [:], standardOutput: output
        )
        try await child.killedOnError {
            let exports = try await Self.exports(printedTo: output)
            let base = try #require(exports["MTC_URL"])
            #expect(base.hasPrefix("http://127.0.0.1:") && !base.hasSuffix(":0"))
            #expect(exports["MTC_INTERNAL_TOKEN"]?.count == 64)
            let token = try #require(exports["MTC_ADMIN_TOKEN"])
            let machines = try await send(.GET, "\(base)/api/v1/machines", headers: [("Authorization", "Bearer \(token)")])
            #expect(machines.status == 200)
            let body = String(decoding: machines.body, as: UTF8.self)
            #expect(!body.contains("\n") && !body.contains(#"\/"#), "compact JSON without escaped slashes: \(body.prefix(200))")
            #expect(body.contains(#""externalId":"17""#))
        }
        child.signal(SIGTERM)
        #expect(await child.waitForExit(within: .seconds(20)) == 0, "the demo exits 0 within 20 s of SIGTERM")
    }

    /// The exports of the demo's banner, once it has printed all of it to the file `output`.
    static func exports(printedTo output: String) async throws -> [String: String] {
        try await withTimeout(.seconds(60)) {
            while true {
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                if text.contains("Press Ctrl-C to stop.") { return Self.exports(in: text) }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// `NAME=value` from the banner's `export` lines.
    static func exports(in text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("export "), let equals = trimmed.firstIndex(of: "=") else { continue }
            result[String(trimmed[trimmed.index(trimmed.startIndex, offsetBy: 7)..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return result
    }
}
