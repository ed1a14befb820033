import Foundation
import Logging
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A connection pool to a MongoDB deployment.
///
/// libmongoc's calls block, so the client runs them on its own dedicated threads (a
/// `NIOThreadPool` of ``MongoClientConfiguration/blockingThreads`` threads), never on
/// Swift's cooperative pool. One client serves a whole process; share it freely.
///
/// ```swift
/// try await MongoClient.withClient(configuration: .init(uri: uri), logger: logger) { client in
///     let events = client.collection("events", in: "plant")
///     try await events.insertOne(["_id": .objectId(ObjectId()), "type": "started"])
/// }
/// ```
///
/// As a `Service`, the client runs until graceful shutdown and then closes its pool.
public final class MongoClient: Sendable, Service {
    let pool: ClientPool
    private let permits: ConnectionPermits
    private let threadPool: NIOThreadPool
    private let isOpen = Mutex(true)
    /// The logger the client and its sessions write to.
    public let logger: Logger

    /// Opens a pool for `configuration.uri`. No connection is made until the first
    /// operation, so an unreachable server shows up as a ``MongoError/Kind-swift.struct/serverSelection``
    /// error then.
    /// - Throws: ``MongoError`` with kind ``MongoError/Kind-swift.struct/invalidURI`` when
    ///   the connection string cannot be parsed.
    public init(configuration: MongoClientConfiguration, logger: Logger) throws(MongoError) {
        self.pool = try ClientPool(configuration: configuration)
        self.permits = ConnectionPermits(count: configuration.maxPoolSize)
        self.logger = logger
        self.threadPool = NIOThreadPool(numberOfThreads: max(1, configuration.blockingThreads))
        threadPool.start()
    }

    deinit {
        // A client dropped without shutdown() still stops its threads.
        if isOpen.withLock({ $0 }) {
            threadPool.shutdownGracefully { _ in }
        }
    }

    /// Runs `body` with a new client and shuts the client down afterwards, also when `body`
    /// throws.
    public static func withClient<Result>(
        configuration: MongoClientConfiguration,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MongoClient) async throws -> Result
    ) async throws -> Result {
        let client = try MongoClient(configuration: configuration, logger: logger)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    /// Waits for operations in flight, then stops the blocking threads. Later operations
    /// fail with ``MongoError/Kind-swift.struct/clientClosed``.
    public func shutdown() async throws {
        let wasOpen = isOpen.withLock { open in
            defer { open = false }
            return open
        }
        guard wasOpen else { return }
        try await threadPool.shutdownGracefully()
    }

    /// Runs until graceful shutdown is triggered, then shuts the client down.
    public func run() async throws {
        try? await gracefulShutdown()
        try await shutdown()
    }

    /// A handle on the collection `name` in database `database`. Cheap; makes no call.
    public func collection(_ name: String, in database: String) -> MongoCollection {
        MongoCollection(client: self, databaseName: database, name: name)
    }

    /// A handle on the database `name`. Cheap; makes no call.
    public func database(_ name: String) -> MongoDatabase {
        MongoDatabase(client: self, name: name)
    }

    /// Checks that a server answers, running `ping` on the `admin` database.
    public func ping() async throws {
        _ = try await database("admin").runCommand(["ping": 1])
    }

    /// Starts a session, runs `body` with it, and ends the session afterwards. The session
    /// holds one pooled connection until it ends.
    public func withSession<Result>(
        causalConsistency: Bool = true,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MongoSession) async throws -> Result
    ) async throws -> Result {
        let pool = self.pool
        await permits.acquire()
        let pointers: SessionPointers
        do {
            pointers = try await runBlocking { try SessionPointers.start(in: pool, causalConsistency: causalConsistency) }
        } catch {
            permits.release()
            throw error
        }
        let session = MongoSession(client: self, pointers: pointers)
        let result: Result
        do {
            result = try await body(session)
        } catch {
            await end(session)
            throw error
        }
        await end(session)
        return result
    }

    /// Runs `body` in a multi-document transaction in a new session; see
    /// ``MongoSession/withTransaction(timeout:isolation:_:)``.
    public func withTransaction<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MongoSession) async throws -> Result
    ) async throws -> Result {
        try await withSession { session in
            try await session.withTransaction(body)
        }
    }

    private func end(_ session: MongoSession) async {
        let pool = self.pool
        let permits = self.permits
        do {
            try await runBlocking { session.end(in: pool) }
            permits.release()
        } catch {
            // The blocking threads are gone (the client was shut down while the session was
            // open). Ending may abort a transaction over the network, so it still gets a
            // thread of its own rather than blocking the cooperative pool.
            Thread.detachNewThread {
                session.end(in: pool)
                permits.release()
            }
        }
    }

    /// Runs a blocking libmongoc call on the client's own threads.
    func runBlocking<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        guard isOpen.withLock({ $0 }) else {
            throw MongoError(kind: .clientClosed, message: "the MongoClient was shut down; create a new one")
        }
        do {
            return try await threadPool.runIfActive(body)
        } catch is NIOThreadPoolError.ThreadPoolInactive {
            throw MongoError(kind: .clientClosed, message: "the MongoClient was shut down; create a new one")
        }
    }

    /// Runs `body` with a client: the session's pinned one, or one popped from the pool.
    func execute<Result: Sendable>(
        session: MongoSession?,
        _ body: @escaping @Sendable (_ client: OpaquePointer, _ session: OpaquePointer?) throws -> Result
    ) async throws -> Result {
        if let session {
            guard session.client === self else {
                throw MongoError(kind: .invalidArgument, message: "the session belongs to a different MongoClient; start it from the client that owns the collection")
            }
            return try await runBlocking { try session.withPointers { try body($0.client, $0.session) } }
        }
        let pool = self.pool
        // With a permit, popping a client never blocks: at most maxPoolSize are out.
        await permits.acquire()
        defer { permits.release() }
        return try await runBlocking { try pool.withClient { try body($0, nil) } }
    }
}
