import Logging
import ServiceLifecycle
import Synchronization

/// A bounded set of ``RedisConnection``s shared by concurrent callers.
///
/// Connections open lazily, up to ``RedisConfiguration/maximumConnections``; each is owned by
/// its own thread, so the pool never blocks the cooperative pool. When all connections are
/// busy, callers wait in order for up to ``RedisConfiguration/acquireTimeout``.
///
/// Run the pool as a `Service` so that it closes on graceful shutdown, or call ``close()``.
///
/// ```swift
/// let redis = RedisConnectionPool(configuration: try RedisConfiguration(url: url), logger: logger)
/// try await redis.send("SET", "greeting", "hello")
/// let value = try await redis.send("GET", "greeting").string
/// ```
public final class RedisConnectionPool: RedisClient, Service {
    /// The configuration every connection of the pool uses.
    public let configuration: RedisConfiguration
    private let logger: Logger

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Result<RedisConnection, RedisError>, Never>
        let timeout: Task<Void, Never>
    }

    private struct State {
        var idle: [RedisConnection] = []
        var opened = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())

    /// A pool for the configuration; no connection opens until the first command.
    public init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Sends the commands on a free connection; see ``RedisClient/pipeline(_:)``.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        let connection = try await acquire()
        defer { release(connection) }
        return try await connection.pipeline(commands)
    }

    /// Lends one connection to `body` for commands that must share a connection, such as
    /// `WATCH`/`MULTI`/`EXEC`. The connection returns to the pool when `body` ends.
    public func withConnection<Value>(_ body: (RedisConnection) async throws -> Value) async throws -> Value {
        let connection = try await acquire()
        defer { release(connection) }
        return try await body(connection)
    }

    /// Closes idle connections now and busy ones when they are returned; waiting and later
    /// callers fail with ``RedisError/Code/closed``.
    public func close() {
        let (idle, waiters): ([RedisConnection], [Waiter]) = state.withLock { state in
            state.closed = true
            defer {
                state.idle.removeAll()
                state.waiters.removeAll()
            }
            return (state.idle, state.waiters)
        }
        for connection in idle {
            connection.close()
        }
        for waiter in waiters {
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: .failure(.closed))
        }
    }

    /// Runs until graceful shutdown (or cancellation), then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        close()
    }

    /// The number of connections opened so far (idle and in use).
    public var openedConnections: Int {
        state.withLock { $0.opened }
    }

    private enum Decision {
        case use(RedisConnection)
        case open
        case wait
        case closed
    }

    private func acquire() async throws(RedisError) -> RedisConnection {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<RedisConnection, RedisError>, Never>) in
            let decision: Decision = state.withLock { state in
                if state.closed { return .closed }
                if let connection = state.idle.popLast() { return .use(connection) }
                if state.opened < max(1, configuration.maximumConnections) {
                    state.opened += 1
                    return .open
                }
                let id = state.nextWaiterID
                state.nextWaiterID += 1
                let timeout = configuration.acquireTimeout
                let expiry = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    self?.expireWaiter(id)
                }
                state.waiters.append(Waiter(id: id, continuation: continuation, timeout: expiry))
                return .wait
            }
            switch decision {
            case .use(let connection):
                continuation.resume(returning: .success(connection))
            case .open:
                continuation.resume(returning: .success(RedisConnection(configuration: configuration, logger: logger)))
            case .closed:
                continuation.resume(returning: .failure(.closed))
            case .wait:
                break
            }
        }
        return try result.get()
    }

    private func release(_ connection: RedisConnection) {
        let (waiter, closed): (Waiter?, Bool) = state.withLock { state in
            if state.closed { return (nil, true) }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(connection)
            return (nil, false)
        }
        if let waiter {
            waiter.timeout.cancel()
            waiter.continuation.resume(returning: .success(connection))
        } else if closed {
            connection.close()
        }
    }

    private func expireWaiter(_ id: UInt64) {
        let (waiter, opened): (Waiter?, Int) = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return (nil, state.opened) }
            return (state.waiters.remove(at: index), state.opened)
        }
        guard let waiter else { return }
        logger.warning("No Redis connection became free in time", metadata: ["redis.server": "\(configuration)"])
        waiter.continuation.resume(returning: .failure(.poolExhausted(after: configuration.acquireTimeout, connections: opened)))
    }
}
