import Logging
import NIOCore
import NIOPosix
import SQLiteNIO

/// The server's SQLite file: one writer connection behind a FIFO lock, one reader connection.
///
/// sqlite-nio runs every statement on `NIOThreadPool`, so no SQLite call blocks the cooperative
/// pool or an event loop. WAL mode lets the reader see committed data while a write is running.
final class ServerDatabase: Sendable {
    let path: String
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncSerialLock()
    private let threadPool: NIOThreadPool
    private let logger: Logger

    private init(path: String, writer: SQLiteConnection, reader: SQLiteConnection, threadPool: NIOThreadPool, logger: Logger) {
        self.path = path
        self.writer = writer
        self.reader = reader
        self.threadPool = threadPool
        self.logger = logger
    }

    /// Opens (creating if needed) the file, switches it to WAL and applies pending migrations.
    static func open(path: String, logger: Logger) async throws -> ServerDatabase {
        // A pool of our own: a write transaction spans several statements, and if it shared
        // NIO's singleton pool with the outbox and idempotency connections, their statements
        // waiting on its lock could occupy every thread and leave it none to COMMIT with.
        let threadPool = NIOThreadPool(numberOfThreads: 3)
        threadPool.start()
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop)
            for pragma in [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                "PRAGMA busy_timeout=5000",
            ] {
                _ = try await writer.query(pragma)
            }
            let database = ServerDatabase(
                path: path,
                writer: writer,
                reader: try await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool, logger: logger, on: eventLoop),
                threadPool: threadPool,
                logger: logger
            )
            _ = try await database.reader.query("PRAGMA busy_timeout=5000")
            try await database.write { connection in
                try await SchemaMigrations.apply(on: connection, logger: logger)
            }
            return database
        } catch let error as ReferenceServerError {
            try? await threadPool.shutdownGracefully()
            throw error
        } catch {
            try? await threadPool.shutdownGracefully()
            throw ReferenceServerError.storage("Could not open the database file \(path): \(error)")
        }
    }

    /// Runs `body` inside one `BEGIN IMMEDIATE … COMMIT` on the writer connection; rolls back
    /// when it throws.
    @discardableResult
    func write<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await writeLock.withLock {
            _ = try await writer.query("BEGIN IMMEDIATE")
            do {
                let result = try await body(writer)
                _ = try await writer.query("COMMIT")
                return result
            } catch {
                do {
                    _ = try await writer.query("ROLLBACK")
                } catch {
                    logger.error("Rollback failed", metadata: ["error": "\(error)"])
                }
                throw error
            }
        }
    }

    /// Runs read-only statements on the reader connection.
    func read<T: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> T) async throws -> T {
        try await body(reader)
    }

    /// A cheap round trip proving the file is readable (for `/readyz`).
    func ping() async -> Bool {
        (try? await reader.query("SELECT 1")) != nil
    }

    func close() async {
        try? await writer.close()
        try? await reader.close()
        try? await threadPool.shutdownGracefully()
    }
}

extension SQLiteConnection {
    /// `query` with a Swift-typed binding list.
    @discardableResult
    func run(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        try await query(sql, binds)
    }
}
