import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The `mtc` built beside the test bundle, run as a user runs it: a child process whose
/// output, error and exit status the test reads.
struct MTCProcess {
    static let executable = ChildProcess.siblingExecutable(named: "mtc")
    static let isBuilt = executable != nil
    static let notBuilt: Comment = "mtc is not built beside the test bundle (run `swift build --build-tests`)"

    typealias Result = ChildProcess.Outcome

    private let captured: CapturedChild
    var child: ChildProcess { captured.child }

    /// Starts `mtc arguments…`, reading standard input from the file `standardInput`, or
    /// through `/bin/sh -c` with SIGINT and SIGTERM ignored, as a shell starts a background job.
    static func start(_ arguments: [String], standardInput: String? = nil, signalsIgnored: Bool = false) throws -> MTCProcess {
        let executable = try #require(executable, notBuilt)
        if signalsIgnored {
            return MTCProcess(captured: try CapturedChild.spawn(
                "/bin/sh", arguments: ["-c", #"trap '' INT TERM; exec "$@""#, "sh", executable] + arguments,
                standardInput: standardInput))
        }
        return MTCProcess(captured: try CapturedChild.spawn(executable, arguments: arguments, standardInput: standardInput))
    }

    /// Runs `mtc arguments…` to its end; a run longer than `limit` is killed (status `nil`).
    static func run(_ arguments: [String], standardInput: String? = nil, within limit: Duration = .seconds(20)) async throws -> Result {
        try await start(arguments, standardInput: standardInput).finish(within: limit)
    }

    /// Standard output so far.
    var standardOutput: String { captured.standardOutput }

    /// Waits until standard output satisfies `condition`; `false` after `limit`.
    func waitForOutput(within limit: Duration, _ condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(standardOutput) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(standardOutput)
    }

    /// Waits for the exit (killing the process after `limit`) and collects its output.
    func finish(within limit: Duration) async -> Result {
        await captured.finish(within: limit)
    }
}

/// A file in the temporary directory with `contents`, removed by `remove()`.
struct TemporaryFile {
    let path: String

    init(_ contents: String, suffix: String = ".xml") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-cli-\(UUID().uuidString)\(suffix)").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
