import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and an empty signal mask.
///
/// `Foundation.Process` children inherit the test runner's mask, which blocks SIGTERM, so a
/// server started through it would never see the signal; spawning with
/// `POSIX_SPAWN_SETSIGMASK` gives the child the mask a shell would.
public struct ChildProcess: Sendable {
    public let pid: pid_t

    /// The executable `name` (`mtc`, `mtc-server`) built beside the test bundle, when there is one.
    public static func siblingExecutable(named name: String) -> String? {
        let runner = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = runner.deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    /// Starts `path` with `arguments` and the current environment plus `environment`.
    ///
    /// Its standard input is read from the file `standardInput`, its output and error go to
    /// the files `standardOutput` and `standardError`; each is `/dev/null` when not given.
    public static func spawn(
        _ path: String, arguments: [String] = [], environment: [String: String] = [:],
        standardInput: String? = nil, standardOutput: String? = nil, standardError: String? = nil
    ) throws -> ChildProcess {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, standardInput ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, standardError ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EINVAL) }
        return ChildProcess(pid: pid)
    }

    /// What a finished run printed and how it ended.
    public struct Outcome: Sendable, CustomStringConvertible {
        /// The exit status (the negated signal number when a signal ended it); `nil` when the
        /// run outlived its limit and was killed.
        public let status: Int32?
        public let standardOutput: String
        public let standardError: String

        public init(status: Int32?, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }

        public var outputLines: [String] { standardOutput.split(separator: "\n").map(String.init) }
        public var errorLines: [String] { standardError.split(separator: "\n").map(String.init) }
        public var description: String {
            "status \(status.map(String.init) ?? "none (killed)"), stdout \(standardOutput.debugDescription), stderr \(standardError.debugDescription)"
        }
    }

    /// Runs `path` to its end and collects what it printed; a run longer than `limit` is killed
    /// (status `nil`).
    public static func run(
        _ path: String, arguments: [String] = [], environment: [String: String] = [:],
        standardInput: String? = nil, within limit: Duration = .seconds(60)
    ) async throws -> Outcome {
        try await CapturedChild.spawn(
            path, arguments: arguments, environment: environment, standardInput: standardInput
        ).finish(within: limit)
    }

    /// A loopback port that was free a moment ago, for a child server to listen on.
    ///
    /// Taken from 5,000–9,999, below the ephemeral range: a port the system hands to a
    /// listener on port 0 (another test's server, in parallel) or to an outgoing connection
    /// could be taken between this check and the child's bind — or between a kill and a
    /// restart on the same port — and the test would then talk to someone else's server.
    public static func freePort() throws -> Int {
        for _ in 0..<200 {
            let candidate = Int.random(in: 5_000...9_999)
            if try isFree(candidate) { return candidate }
        }
        throw POSIXError(.EADDRINUSE)
    }

    private static func isFree(_ port: Int) throws -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(descriptor) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 }
        }
    }

    /// Sends `signal` to the process.
    public func signal(_ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// Runs `body`; when it throws, the process is killed and reaped before the error is
    /// rethrown, so a failed test never leaves its server running beside the next one.
    public func killedOnError<T>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch {
            signal(SIGKILL)
            _ = await waitForExit(within: .seconds(5))
            throw error
        }
    }

    /// The exit status once the process has ended (the negated signal number when a signal
    /// ended it), polling without blocking a thread; `nil` when it is still running after
    /// `limit` (it is then killed and reaped).
    public func waitForExit(within limit: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + limit
        var status: Int32 = 0
        while ContinuousClock.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -(status & 0x7f)
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        _ = kill(pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
        return nil
    }
}

/// A child whose standard output and error go to files of its own, in a temporary folder: read
/// while it runs, collected (and the folder removed) when it has ended.
public struct CapturedChild: Sendable {
    public let child: ChildProcess
    private let directory: URL

    private var outputPath: String { directory.appendingPathComponent("stdout").path }
    private var errorPath: String { directory.appendingPathComponent("stderr").path }

    /// Starts `path` as ``ChildProcess/spawn(_:arguments:environment:standardInput:standardOutput:standardError:)``
    /// does, with its output and error captured.
    public static func spawn(
        _ path: String, arguments: [String] = [], environment: [String: String] = [:], standardInput: String? = nil
    ) throws -> CapturedChild {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = directory.appendingPathComponent("stdout").path
        let error = directory.appendingPathComponent("stderr").path
        do {
            let child = try ChildProcess.spawn(
                path, arguments: arguments, environment: environment,
                standardInput: standardInput, standardOutput: output, standardError: error)
            return CapturedChild(child: child, directory: directory)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Standard output so far.
    public var standardOutput: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Standard error so far.
    public var standardError: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// Waits for the exit (killing the process after `limit`, status `nil`), collects what it
    /// printed and removes the folder.
    public func finish(within limit: Duration) async -> ChildProcess.Outcome {
        let status = await child.waitForExit(within: limit)
        defer { try? FileManager.default.removeItem(at: directory) }
        return ChildProcess.Outcome(status: status, standardOutput: standardOutput, standardError: standardError)
    }
}
