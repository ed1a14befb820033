import Foundation
import Testing
import TestSupport

@Suite("Docs/cli.md")
struct CLIReferenceTests {
    /// The package root, three levels above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binaries = ChildProcess.siblingExecutable(named: "mtc").map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
    static let bothBuilt = binaries != nil && ChildProcess.siblingExecutable(named: "mtc-server") != nil

    @Test(
        "is what scripts/cli-reference.sh writes from the commands' help",
        .enabled(if: bothBuilt, "mtc and mtc-server are not built beside the test bundle (run `swift build --build-tests`)")
    )
    func isUpToDate() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cli-reference-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let check = try ChildProcess.spawn(
            "/bin/bash", arguments: [Self.root.appendingPathComponent("scripts/cli-reference.sh").path, "--check"],
            environment: ["MTC_BIN_DIR": try #require(Self.binaries)], standardError: output)
        let status = await check.waitForExit(within: .seconds(60))
        let difference = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        #expect(status == 0, "Docs/cli.md is out of date; run scripts/cli-reference.sh:\n\(difference)")
    }
}
