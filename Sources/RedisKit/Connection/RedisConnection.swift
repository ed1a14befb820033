import Logging
import _MTCSupport

/// One connection to Redis, owned by its own thread.
///
/// hiredis calls block, so they never run on the Swift cooperative pool: each connection has
/// a dedicated thread that opens the socket, runs the commands queued by callers in order, and
/// frees the socket when the connection closes. The connection opens lazily on the first
/// command, and reopens on the next command after the server closed it or a command failed.
///
/// Most code should share a ``RedisConnectionPool``; use a single connection for commands that
/// depend on connection state, such as `WATCH`/`MULTI`/`EXEC` (see
/// ``RedisConnectionPool/withConnection(_:)``).
///
/// A command that was sent cannot be recalled: task cancellation does not interrupt it, and
/// ``RedisConfiguration/commandTimeout`` bounds how long it may take.
public final class RedisConnection: RedisClient {
    /// The configuration this connection was opened with.
    public let configuration: RedisConfiguration
    private let thread = DedicatedThread<Job>()

    /// Commands queued for the connection's thread, and the caller waiting for their replies.
    private struct Job: Sendable {
        let commands: [RedisCommand]
        let continuation: CheckedContinuation<Result<[RESPValue], RedisError>, Never>

        func fail() {
            continuation.resume(returning: .failure(.closed))
        }
    }

    /// Starts the connection's thread; the socket opens on the first command.
    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        let thread = self.thread
        thread.start(name: "redis \(configuration.host):\(configuration.port)") {
            var session = ConnectionSession(configuration: configuration, logger: logger)
            while let job = thread.next() {
                job.continuation.resume(returning: session.execute(job.commands))
            }
            session.close()
        }
    }

    deinit {
        close()
    }

    /// Sends the commands in one write and returns one reply per command, in order.
    ///
    /// Error replies are returned in place as ``RESPValue/error(_:)``; a connection failure
    /// throws for the whole batch.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let result = await withCheckedContinuation { continuation in
            let job = Job(commands: commands, continuation: continuation)
            if !thread.submit(job) {
                job.fail()
            }
        }
        return try result.get()
    }

    /// Closes the connection: queued commands fail with ``RedisError/Code/closed``, the one
    /// in flight finishes, then the thread frees the socket and exits.
    public func close() {
        for job in thread.close() {
            job.fail()
        }
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool {
        thread.isClosed
    }
}
