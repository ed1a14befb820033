import Dispatch
import Foundation
import GRDB
import Logging
import _MTCSupport
import _MTCSQLiteSupport

/// An outbox store in an SQLite database, through GRDB: a file of its own, or the application's
/// own `DatabasePool` (or `DatabaseQueue`), sharing its transactions.
///
/// In the application's database, register the store's migrations with the application's own,
/// and append inside the application's write, so the events commit or roll back with its rows:
///
/// ```swift
/// var migrator = DatabaseMigrator()
/// migrator.registerMigration("app-v1") { db in
///     try db.execute(sql: "CREATE TABLE samples (machine TEXT NOT NULL, value INTEGER NOT NULL)")
/// }
/// SQLiteOutboxStore.registerMigrations(in: &migrator)
/// try migrator.migrate(pool)
/// let store = SQLiteOutboxStore(writer: pool, logger: logger)
/// try await pool.write { db in
///     try db.execute(sql: "INSERT INTO samples VALUES (?, ?)", arguments: ["m1", 42])
///     try SQLiteOutboxStore.append([event], in: db)
/// }
/// ```
///
/// Each other method is one GRDB write (or read), so one transaction, which runs to its end
/// once started, also when the calling task is cancelled; claims are single
/// `UPDATE … RETURNING` statements, atomic also against other processes on the file, so several
/// relays (in one process or many) can share it. SQLite runs on GRDB's dispatch queues, never on
/// the Swift concurrency pool. Statements are prepared once per connection (GRDB's cache).
public final class SQLiteOutboxStore: OutboxStore {
    /// The `Database` of a GRDB write, in which ``append(_:in:)`` writes.
    public typealias Transaction = GRDB.Database

    /// The database the store reads and writes.
    public let writer: any DatabaseWriter
    private let ownsWriter: Bool
    private let logger: Logger

    /// The database file.
    public var path: String { writer.path }

    /// A store on the application's database; the application has run
    /// ``registerMigrations(in:)``'s migrations (or ``migrate(_:)``) on it and keeps it open.
    ///
    /// - Parameters:
    ///   - writer: The application's `DatabasePool` (WAL) or `DatabaseQueue`.
    ///   - logger: Receives the store's debug messages.
    public convenience init(writer: any DatabaseWriter, logger: Logger) {
        self.init(writer: writer, ownsWriter: false, logger: logger)
    }

    private init(writer: any DatabaseWriter, ownsWriter: Bool, logger: Logger) {
        self.writer = writer
        self.ownsWriter = ownsWriter
        self.logger = logger
    }

    /// Opens (creating if needed) the database file as a `DatabasePool` of its own (WAL,
    /// `synchronous = NORMAL`) and creates or upgrades the outbox tables.
    ///
    /// A file that an earlier, sqlite-nio based version of the store created is opened as it
    /// is, with its rows.
    ///
    /// - Parameters:
    ///   - path: The database file; the application may keep its own tables in it.
    ///   - logger: Receives the store's debug messages.
    /// - Throws: ``OutboxError/Code/storeFailure`` when the file cannot be opened or migrated.
    public static func open(path: String, logger: Logger) async throws -> SQLiteOutboxStore {
        let pool = try await offloaded {
            do {
                let pool = try DatabasePool(path: path, configuration: defaultConfiguration())
                try migrate(pool)
                return pool
            } catch let error as OutboxError {
                throw error
            } catch {
                throw OutboxError.storeFailure("open the SQLite database at \(path)", error)
            }
        }
        logger.debug("Opened the SQLite outbox", metadata: ["path": "\(path)"])
        return SQLiteOutboxStore(writer: pool, ownsWriter: true, logger: logger)
    }

    /// The configuration ``open(path:logger:)`` uses: `synchronous = NORMAL` (WAL makes it
    /// crash-safe; a power loss may undo the newest commits), and a busy timeout for the case
    /// where another process writes to the same file.
    public static func defaultConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// Closes the database when the store opened it (``open(path:logger:)``); the store must
    /// not be used afterwards. A store on the application's database leaves it open.
    public func close() async throws {
        guard ownsWriter, let pool = writer as? DatabasePool else { return }
        do {
            try await Self.offloaded { try pool.close() }
        } catch {
            throw OutboxError.storeFailure("close the SQLite database", error)
        }
    }

    /// Calls the synchronous ``append(_:in:)-swift.type.method`` inside the caller's write.
    ///
    /// From an async context, use it inside ``withTransaction(_:)``; inside the application's
    /// own `writer.write { db in … }`, call the static, synchronous one.
    public func append(_ events: [OutboxEvent], in transaction: Database) async throws {
        try Self.append(events, in: transaction)
    }

    /// Appends events in a write of their own.
    public func append(_ events: [OutboxEvent]) async throws {
        try await write("append \(events.count) events") { db in try Self.append(events, in: db) }
    }

    /// Runs `body` in one GRDB write of the store's database (`writer.write`): committed when
    /// `body` returns, rolled back when it throws.
    ///
    /// `body` runs on the writer's thread (its awaits may hop away and back) and may use the
    /// `Database` directly, or pass it to ``append(_:in:)``. Do not call the store's other
    /// methods from `body`: they wait for the writer that `body` holds. Like the store's other
    /// accesses, the transaction is not interrupted when the calling task is cancelled.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (Database) async throws -> Result
    ) async throws -> Result {
        do {
            // The write waits for `body`, so it never outlives this call. GRDB and the body's
            // task may release their closures a moment after the write returns, so they hold
            // the body only through a box that is emptied before `withoutActuallyEscaping` ends.
            return try await withoutActuallyEscaping(body) { body in
                let box = TransactionBody(body)
                defer { box.clear() }
                return try await writer.uncancellableWrite { db in try WriterThreadExecutor.run(db, box) }
            }
        } catch let error as DatabaseError {
            throw OutboxError.storeFailure("run a transaction", error)
        }
    }

    public func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try await write("claim events") { db in
            try Self.claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: false, in: db)
        }
    }

    public func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try await write("claim events") { db in
            try Self.claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: true, in: db)
        }
    }

    public func markSent(_ ids: [ULID], owner: String, now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write("mark events sent") { db in try Self.markSent(ids, owner: owner, now: now, in: db) }
    }

    public func markFailed(
        _ id: ULID,
        owner: String,
        error: String,
        retryAt: Date,
        maxAttempts: Int,
        now: Date
    ) async throws -> OutboxEventStatus? {
        try await write("record a failed attempt") { db in
            try Self.rows(
                SQLiteOutboxQueries.markFailed,
                [error, id.description, owner, maxAttempts, retryAt.unixMilliseconds],
                operation: "record a failed attempt",
                in: db
            ) { row -> OutboxEventStatus? in
                (row[0] as String?).flatMap(OutboxEventStatus.init(rawValue:))
            }.first ?? nil
        }
    }

    public func markDead(_ id: ULID, owner: String, error: String, now: Date) async throws -> Bool {
        try await write("move an event to dead letters") { db in
            try Self.changes(SQLiteOutboxQueries.markDead, [error, id.description, owner], operation: "move an event to dead letters", in: db) == 1
        }
    }

    public func release(_ ids: [ULID], owner: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write("release leases") { db in
            try Self.changes(SQLiteOutboxQueries.release, [owner, Self.jsonArray(ids)], operation: "release leases", in: db)
        }
    }

    public func event(_ id: ULID) async throws -> OutboxEvent? {
        try await read("read an event") { db in
            try Self.rows(SQLiteOutboxQueries.event, [id.description], operation: "read an event", in: db, SQLiteOutboxRow.event(from:)).first
        }
    }

    public func listDead(limit: Int, after: ULID?) async throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("listDead limit must be positive, got \(limit)") }
        return try await read("list dead letters") { db in
            try Self.rows(
                SQLiteOutboxQueries.listDead, [after?.description ?? "", limit], operation: "list dead letters", in: db, SQLiteOutboxRow.event(from:)
            )
        }
    }

    public func retryDead(_ ids: [ULID], now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write("retry dead letters") { db in
            try Self.changes(SQLiteOutboxQueries.retryDead, [now.unixMilliseconds, Self.jsonArray(ids)], operation: "retry dead letters", in: db)
        }
    }

    public func purgeDead(_ ids: [ULID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write("purge dead letters") { db in
            try Self.changes(SQLiteOutboxQueries.purgeDead, [Self.jsonArray(ids)], operation: "purge dead letters", in: db)
        }
    }

    public func purgeSent(before cutoff: Date) async throws -> Int {
        try await write("purge sent events") { db in
            try Self.changes(SQLiteOutboxQueries.purgeSent, [cutoff.unixMilliseconds], operation: "purge sent events", in: db)
        }
    }

    public func stats() async throws -> OutboxStats {
        try await read("count events") { db in
            var stats = OutboxStats()
            let rows = try Self.rows(SQLiteOutboxQueries.stats, [], operation: "count events", in: db) { row in
                (status: row[0] as String?, count: row[1] as Int? ?? 0, oldest: row[2] as Int64?)
            }
            for row in rows {
                let status = row.status.flatMap(OutboxEventStatus.init(rawValue:))
                switch status {
                case .pending: stats.pending = row.count
                case .inFlight: stats.inFlight = row.count
                case .sent: stats.sent = row.count
                case .dead: stats.dead = row.count
                case nil: break
                }
                if let oldest = row.oldest, status == .pending || status == .inFlight {
                    let time = Date(unixMilliseconds: oldest)
                    stats.oldestUnsentTime = min(stats.oldestUnsentTime ?? time, time)
                }
            }
            return stats
        }
    }

    private func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.uncancellableWrite(body)
        } catch let error as OutboxError {
            throw error
        } catch {
            logger.debug("SQLite outbox write failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw OutboxError.storeFailure(operation, error)
        }
    }

    private func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.uncancellableRead(body)
        } catch let error as OutboxError {
            throw error
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
    }

    /// Runs blocking work (opening a file, migrating, closing) on a dispatch queue rather than
    /// on the Swift concurrency pool.
    static func offloaded<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
