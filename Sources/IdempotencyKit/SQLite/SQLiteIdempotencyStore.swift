import Dispatch
import Foundation
import GRDB
import Logging
import Synchronization
import _MTCSQLiteSupport
import _MTCSupport

/// Records in an SQLite database through GRDB: a WAL file of its own, or the application's own
/// `DatabasePool` (or `DatabaseQueue`), sharing its transactions.
///
/// Each store method is one GRDB write (or read), so one transaction, which runs to its end
/// once started, also when the calling task is cancelled; the statements are upserts
/// and updates or deletes guarded by the lease token, atomic also against other processes on the
/// file. The table is `idempotency_records`; ``registerMigrations(in:)`` adds it to the
/// application's migrator. Inside the application's own write, the static functions on
/// `Database` (``record(for:now:in:)``, ``storeCompleted(_:fingerprint:response:now:expiresAt:maximumResponseSize:in:)``)
/// and ``complete(_:in:)`` record the answer in the same transaction as the domain change.
public final class SQLiteIdempotencyStore: IdempotencyStore {
    /// The database the store reads and writes.
    public let writer: any DatabaseWriter
    /// The configuration in use.
    public let configuration: SQLiteIdempotencyStoreConfiguration
    private let ownsWriter: Bool
    private let logger: Logger
    private let closed = Atomic(false)

    /// A store on the application's database; the application has run
    /// ``registerMigrations(in:)``'s migrations (or ``migrate(_:)``) on it and keeps it open.
    public convenience init(
        writer: any DatabaseWriter,
        configuration: SQLiteIdempotencyStoreConfiguration = .init(),
        logger: Logger
    ) {
        self.init(writer: writer, configuration: configuration, ownsWriter: false, logger: logger)
    }

    private init(writer: any DatabaseWriter, configuration: SQLiteIdempotencyStoreConfiguration, ownsWriter: Bool, logger: Logger) {
        self.writer = writer
        self.configuration = configuration
        self.ownsWriter = ownsWriter
        self.logger = logger
    }

    /// Opens (creating if needed) the database file at `path` as a `DatabasePool` of its own
    /// (WAL, `synchronous = NORMAL`), creates the table, and returns a store that owns the pool.
    ///
    /// A file that an earlier, sqlite-nio based version of the store created is opened as it
    /// is, with its records.
    ///
    /// - Throws: ``IdempotencyError/Code/storeUnavailable`` if the file cannot be opened or migrated.
    public static func open(
        path: String,
        configuration: SQLiteIdempotencyStoreConfiguration = .init(),
        logger: Logger
    ) async throws(IdempotencyError) -> SQLiteIdempotencyStore {
        let result: Result<DatabasePool, IdempotencyError> = await withCheckedContinuation { continuation in
            // Opening and migrating block: off the Swift concurrency pool.
            DispatchQueue.global().async {
                do {
                    let pool = try DatabasePool(path: path, configuration: databaseConfiguration(configuration))
                    do {
                        try migrate(pool)
                    } catch {
                        try? pool.close()
                        throw error
                    }
                    continuation.resume(returning: .success(pool))
                } catch let error as IdempotencyError {
                    continuation.resume(returning: .failure(error))
                } catch {
                    continuation.resume(returning: .failure(IdempotencyError(
                        code: .storeUnavailable,
                        message: "Could not open the SQLite database at \(path); check the path and its permissions.",
                        underlying: error
                    )))
                }
            }
        }
        let pool = try result.get()
        return SQLiteIdempotencyStore(writer: pool, configuration: configuration, ownsWriter: true, logger: logger)
    }

    /// The GRDB configuration ``open(path:configuration:logger:)`` uses: `synchronous = NORMAL`
    /// (a power loss may undo the newest commits, domain writes and records together), and the
    /// configured busy timeout for other processes writing to the same file.
    public static func databaseConfiguration(_ configuration: SQLiteIdempotencyStoreConfiguration = .init()) -> Configuration {
        var database = Configuration()
        database.busyMode = .timeout(Double(configuration.busyTimeoutMilliseconds) / 1000)
        database.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return database
    }

    /// Registers the store's migrations (identifiers starting with `idempotency-`) in the
    /// application's migrator, so that one `migrator.migrate(pool)` creates every table.
    ///
    /// The first migration also adopts a file that an earlier, sqlite-nio based version of the
    /// store created: it creates only what is missing and keeps the records.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(SQLiteIdempotencySchema.firstMigration) { db in
            for statement in SQLiteIdempotencySchema.statements {
                try db.execute(sql: statement)
            }
        }
    }

    /// Runs the store's migrations on `writer` alone. Idempotent; it blocks while it runs, so
    /// call it at startup.
    ///
    /// - Throws: ``IdempotencyError/Code/storeUnavailable`` if the database rejects the schema.
    public static func migrate(_ writer: any DatabaseWriter) throws(IdempotencyError) {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        do {
            try migrator.migrate(writer)
        } catch {
            throw .storeUnavailable("create the idempotency table", error)
        }
    }

    /// Refuses further operations with ``IdempotencyError/Code/storeUnavailable`` and, when the
    /// store opened the database itself, closes it after the accesses already started finish.
    /// A store on the application's database leaves it open.
    public func close() async throws(IdempotencyError) {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        guard ownsWriter, let pool = writer as? DatabasePool else { return }
        let failure: (any Error)? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try pool.close()
                    continuation.resume(returning: nil)
                } catch {
                    continuation.resume(returning: error)
                }
            }
        }
        if let failure { throw .storeUnavailable("close the database", failure) }
    }

    public func claim(_ request: IdempotencyClaimRequest) async throws(IdempotencyError) -> IdempotencyClaimResult {
        try await write("claim a key") { db throws(IdempotencyError) in
            let claimed = try Self.changes(
                SQLiteIdempotencySchema.claim,
                Self.keyArguments(request.id) + [
                    Data(request.fingerprint.bytes),
                    request.lease.token.rawValue,
                    request.lease.expiresAt.unixMilliseconds,
                    request.expiresAt.unixMilliseconds,
                    request.now.unixMilliseconds,
                ],
                operation: "claim a key",
                in: db
            )
            if claimed == 1 { return .claimed }
            // The upsert left a live record in place; in the same transaction it is still there.
            guard let record = try Self.record(for: request.id, now: request.now, in: db) else {
                throw IdempotencyError(
                    code: .storeUnavailable,
                    message: "The record for \(request.id) was neither claimable nor readable; retry the request."
                )
            }
            return .existing(record)
        }
    }

    public func takeOver(
        _ id: IdempotencyRecordID,
        staleToken: LeaseToken,
        newLease: IdempotencyLease,
        now: Date
    ) async throws(IdempotencyError) -> Bool {
        try await write("take over a stale lease") { db throws(IdempotencyError) in
            try Self.changes(
                SQLiteIdempotencySchema.takeOver,
                Self.keyArguments(id) + [
                    staleToken.rawValue, newLease.token.rawValue, newLease.expiresAt.unixMilliseconds, now.unixMilliseconds,
                ],
                operation: "take over a stale lease",
                in: db
            ) == 1
        }
    }

    public func complete(_ completion: IdempotencyCompletion) async throws(IdempotencyError) {
        try checkSize(completion.encodedResponse.count)
        try await write("complete a record") { db throws(IdempotencyError) in
            try self.complete(completion, in: db)
        }
    }

    public func release(_ id: IdempotencyRecordID, token: LeaseToken) async throws(IdempotencyError) -> Bool {
        try await write("release a claim") { db throws(IdempotencyError) in
            try Self.changes(SQLiteIdempotencySchema.release, Self.keyArguments(id) + [token.rawValue], operation: "release a claim", in: db) == 1
        }
    }

    public func record(for id: IdempotencyRecordID, now: Date) async throws(IdempotencyError) -> IdempotencyRecord? {
        try await read("read a record") { db throws(IdempotencyError) in
            try Self.record(for: id, now: now, in: db)
        }
    }

    public func removeExpired(now: Date) async throws(IdempotencyError) -> Int {
        try await write("remove expired records") { db throws(IdempotencyError) in
            try Self.changes(SQLiteIdempotencySchema.removeExpired, [now.unixMilliseconds], operation: "remove expired records", in: db)
        }
    }

    func checkSize(_ size: Int) throws(IdempotencyError) {
        try Self.checkSize(size, maximum: configuration.maximumResponseSize)
    }

    static func checkSize(_ size: Int, maximum: Int) throws(IdempotencyError) {
        guard size <= maximum else {
            throw IdempotencyError(
                code: .responseTooLarge,
                message: "The response takes \(size) bytes; the SQLite store keeps at most "
                    + "\(maximum). Raise SQLiteIdempotencyStoreConfiguration.maximumResponseSize."
            )
        }
    }

    private func write<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (Database) throws(IdempotencyError) -> T
    ) async throws(IdempotencyError) -> T {
        try await access(operation) { try await self.writer.uncancellableWrite { db in try body(db) } }
    }

    private func read<T: Sendable>(
        _ operation: String,
        _ body: @escaping @Sendable (Database) throws(IdempotencyError) -> T
    ) async throws(IdempotencyError) -> T {
        try await access(operation) { try await self.writer.uncancellableRead { db in try body(db) } }
    }

    private func access<T: Sendable>(_ operation: String, _ run: () async throws -> T) async throws(IdempotencyError) -> T {
        guard !closed.load(ordering: .acquiring) else {
            throw IdempotencyError(
                code: .storeUnavailable,
                message: "The SQLite idempotency store is closed; open a new one to \(operation)."
            )
        }
        do {
            return try await run()
        } catch let error as IdempotencyError {
            throw error
        } catch {
            logger.debug("SQLite idempotency access failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw .storeUnavailable(operation, error)
        }
    }
}
