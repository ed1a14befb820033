import Foundation
import Logging
import RedisKit
import Synchronization

/// A real `redis-server` on a free loopback port with its own temporary directory, for tests
/// and benchmarks.
///
/// The server is a child process. A child started through `Foundation.Process` from a test
/// may inherit a signal mask that blocks SIGTERM, so ``stop()`` asks the server to exit with
/// `SHUTDOWN NOSAVE` and falls back to SIGKILL by PID; every wait is bounded.
///
/// ```swift
/// let server = try await RedisTestServer.start()
/// defer { server.kill() }
/// let pool = RedisConnectionPool(configuration: server.configuration, logger: logger)
/// ```
public final class RedisTestServer: Sendable {
    /// Credentials and extra settings for the server.
    public struct Options: Sendable {
        /// `requirepass`: the password of the default user.
        public var password: String?
        /// An ACL user with all permissions; ``RedisTestServer/configuration`` logs in as it.
        public var aclUser: (name: String, password: String)?
        /// Further `--name value` arguments for redis-server.
        public var extraArguments: [String]

        public init(password: String? = nil, aclUser: (name: String, password: String)? = nil, extraArguments: [String] = []) {
            self.password = password
            self.aclUser = aclUser
            self.extraArguments = extraArguments
        }
    }

    /// Why a server could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The path of `redis-server`, or `nil` when it is not installed (tests skip then).
    public static let executable: String? = {
        let candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The loopback port the server listens on.
    public let port: Int
    /// The server's working directory, removed when the server object goes away.
    public let directory: URL
    private let options: Options
    private let process: Mutex<Process?>

    /// A client configuration for this server, logged in as the ACL user if there is one.
    public var configuration: RedisConfiguration {
        RedisConfiguration(
            host: "127.0.0.1",
            port: port,
            username: options.aclUser?.name,
            password: options.aclUser?.password ?? options.password,
            connectTimeout: .seconds(1),
            commandTimeout: .seconds(2)
        )
    }

    private init(port: Int, directory: URL, options: Options) {
        self.port = port
        self.directory = directory
        self.options = options
        self.process = Mutex(nil)
    }

    deinit {
        killNow()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts a server on a random free loopback port and waits until it answers `PING`.
    public static func start(options: Options = Options()) async throws -> RedisTestServer {
        guard executable != nil else {
            throw StartError(description: "redis-server is not installed (apt-get install redis-server)")
        }
        var lastError: (any Error)?
        // A random port below Linux's ephemeral range; if another process holds it,
        // redis-server exits at once and the next port is tried. Each attempt has its own
        // directory: a failed attempt's server removes its directory when it goes away.
        for _ in 0..<8 {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("mtc-redis-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let server = RedisTestServer(port: Int.random(in: 20_000...32_000), directory: directory, options: options)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
                server.killNow()
            }
        }
        throw lastError ?? StartError(description: "redis-server did not start")
    }

    /// Starts the server again on the same port, e.g. after ``kill()`` to test reconnects.
    public func restart() async throws {
        try await launch()
    }

    /// Whether the server process is running.
    public var isRunning: Bool {
        process.withLock { $0?.isRunning ?? false }
    }

    /// Stops the server gracefully (`SHUTDOWN NOSAVE`), with SIGKILL after 2 s as a backstop.
    public func stop() async {
        guard isRunning else { return }
        let connection = RedisConnection(configuration: configuration, logger: Logger(label: "redis-test-server"))
        // The server closes the connection instead of answering, so the error is expected.
        _ = try? await connection.send(RedisCommand("SHUTDOWN", "NOSAVE"))
        connection.close()
        if await waitForExit(within: .seconds(2)) { return }
        await kill()
    }

    /// Kills the server at once (SIGKILL), like a crash, and waits (bounded) until it is gone.
    public func kill() async {
        killNow()
        _ = await waitForExit(within: .seconds(2))
    }

    private func killNow() {
        process.withLock { process in
            if let process, process.isRunning {
                Foundation.kill(process.processIdentifier, SIGKILL)
            }
        }
    }

    private func waitForExit(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if !isRunning { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return !isRunning
    }

    private func launch() async throws {
        let logFile = directory.appendingPathComponent("redis-\(port).log")
        var arguments = [
            "--port", String(port),
            "--bind", "127.0.0.1",
            "--dir", directory.path,
            "--logfile", logFile.path,
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
        ]
        if let password = options.password {
            arguments += ["--requirepass", password]
        }
        if let user = options.aclUser {
            arguments += ["--user", user.name, "on", ">\(user.password)", "~*", "&*", "+@all"]
        }
        arguments += options.extraArguments

        let child = Process()
        child.executableURL = URL(fileURLWithPath: Self.executable ?? "/usr/bin/redis-server")
        child.arguments = arguments
        child.standardInput = FileHandle.nullDevice
        // Configuration errors go to stderr before the log file opens.
        let outputFile = directory.appendingPathComponent("redis-\(port).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw StartError(description: "cannot create \(outputFile.path)")
        }
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        child.standardOutput = output
        child.standardError = output
        try child.run()
        process.withLock { $0 = child }

        let probe = RedisConnection(
            configuration: RedisConfiguration(
                host: "127.0.0.1",
                port: port,
                username: options.aclUser?.name,
                password: options.aclUser?.password ?? options.password,
                connectTimeout: .milliseconds(200),
                commandTimeout: .milliseconds(500)
            ),
            logger: Logger(label: "redis-test-server")
        )
        defer { probe.close() }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if (try? await probe.ping()) != nil { return }
            guard isRunning else { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        let log = [outputFile, logFile]
            .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
            .joined(separator: "\n")
            .split(separator: "\n")
            .suffix(8)
            .joined(separator: "\n")
        let what = isRunning ? "did not answer PING within 5 s" : "exited"
        throw StartError(description: "redis-server on 127.0.0.1:\(port) \(what). Output:\n\(log)")
    }
}
