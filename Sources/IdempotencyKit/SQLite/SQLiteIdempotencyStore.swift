import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// Records in an SQLite database (a WAL-mode file), shared by every process that opens it.
///
/// Each operation is one statement (an upsert, or an update or delete guarded by the lease
/// token), so atomicity comes from SQLite itself, also across processes. The table is
/// `idempotency_records`; ``migrate(on:)`` creates it in a database the application already
/// uses, so that ``complete(_:on:)`` can write the record in the same transaction as the
/// domain change it belongs to.
public final class SQLiteIdempotencyStore: IdempotencyStore {
    /// The connection the store runs its own statements on; the store owns and closes it.
    public let connection: SQLiteConnection
    /// The configuration in use.
    public let configuration: SQLiteIdempotencyStoreConfiguration
    private let logger: Logger
    private let connectionGuard = ConnectionGuard()

    /// Wraps an open connection to a database that ``migrate(on:)`` has prepared. The store
    /// takes ownership of the connection and closes it in ``close()``.
    ///
    /// Run no transaction of your own on this connection: the store's statements would join it.
    public init(connection: SQLiteConnection, configuration: SQLiteIdempotencyStoreConfiguration = .init(), logger: Logger) {
        self.connection = connection
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode, creates the table,
    /// and returns a store that owns the connection.
    ///
    /// - Throws: ``IdempotencyError/Code/storeUnavailable`` if the file cannot be opened or migrated.
    public static func open(
        path: String,
        configuration: SQLiteIdempotencyStoreConfiguration = .init(),
        logger: Logger
    ) async throws(IdempotencyError) -> SQLiteIdempotencyStore {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw IdempotencyError(
                code: .storeUnavailable,
                message: "Could not open the SQLite database at \(path); check the path and its permissions.",
                underlying: error
            )
        }
        do {
            try await configure(connection, busyTimeoutMilliseconds: configuration.busyTimeoutMilliseconds)
            try await migrate(on: connection)
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLiteIdempotencyStore(connection: connection, configuration: configuration, logger: logger)
    }

    /// Sets the pragmas a store connection needs: WAL journal, `synchronous = NORMAL` (a
    /// power loss may undo the newest commits, domain writes and records together), and a busy
    /// timeout so a locked database fails a statement instead of blocking a thread forever.
    public static func configure(_ connection: SQLiteConnection, busyTimeoutMilliseconds: Int = 5000) async throws(IdempotencyError) {
        for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)"] {
            do {
                _ = try await connection.query(pragma)
            } catch {
                throw .storeUnavailable("configure the SQLite connection (\(pragma))", error)
            }
        }
    }

    /// Creates the `idempotency_records` table and its index if they do not exist; run it on
    /// the application's own database before using the store there.
    public static func migrate(on connection: SQLiteConnection) async throws(IdempotencyError) {
        for statement in SQLiteIdempotencySchema.statements {
            do {
                _ = try await connection.query(statement)
            } catch {
                throw .storeUnavailable("create the idempotency table", error)
            }
        }
    }

    /// Closes the connection after the statements already started finish; later operations
    /// fail with ``IdempotencyError/Code/storeUnavailable``.
    public func close() async throws(IdempotencyError) {
        guard await connectionGuard.close() else { return }
        do {
            try await connection.close()
        } catch {
            throw .storeUnavailable("close the database", error)
        }
    }

    public func claim(_ request: IdempotencyClaimRequest) async throws(IdempotencyError) -> IdempotencyClaimResult {
        let binds = Self.keyBinds(request.id) + [
            .blob(ByteBuffer(bytes: request.fingerprint.bytes)),
            .text(request.lease.token.rawValue),
            Self.time(request.lease.expiresAt),
            Self.time(request.expiresAt),
            Self.time(request.now),
        ]
        // The upsert claims a free or expired key; otherwise the live record is read. A record
        // deleted between the two statements sends us round again.
        for _ in 0..<3 {
            if try await run("claim a key", SQLiteIdempotencySchema.claim, binds).isEmpty == false {
                return .claimed
            }
            if let record = try await record(for: request.id, now: request.now) {
                return .existing(record)
            }
        }
        throw IdempotencyError(
            code: .storeUnavailable,
            message: "The record for \(request.id) kept changing while it was claimed; retry the request."
        )
    }

    public func takeOver(
        _ id: IdempotencyRecordID,
        staleToken: LeaseToken,
        newLease: IdempotencyLease,
        now: Date
    ) async throws(IdempotencyError) -> Bool {
        let binds = Self.keyBinds(id) + [
            .text(staleToken.rawValue),
            .text(newLease.token.rawValue),
            Self.time(newLease.expiresAt),
            Self.time(now),
        ]
        return try await run("take over a stale lease", SQLiteIdempotencySchema.takeOver, binds).count == 1
    }

    public func complete(_ completion: IdempotencyCompletion) async throws(IdempotencyError) {
        try await complete(completion, using: nil)
    }

    /// Completes the record on `connection`, inside the transaction the caller has open there,
    /// so the record and the caller's domain writes commit or roll back together.
    ///
    /// ```swift
    /// _ = try await connection.query("BEGIN IMMEDIATE")
    /// do {
    ///     _ = try await connection.query("INSERT INTO events ...", binds)
    ///     try await store.complete(try claim.completion(with: response), on: connection)
    ///     _ = try await connection.query("COMMIT")
    /// } catch {
    ///     _ = try? await connection.query("ROLLBACK")
    ///     throw error
    /// }
    /// ```
    ///
    /// - Throws: ``IdempotencyError/Code/leaseLost`` if the claim was taken over meanwhile
    ///   (roll the transaction back: another request owns the key now).
    public func complete(_ completion: IdempotencyCompletion, on connection: SQLiteConnection) async throws(IdempotencyError) {
        try await complete(completion, using: connection)
    }

    private func complete(_ completion: IdempotencyCompletion, using connection: SQLiteConnection?) async throws(IdempotencyError) {
        guard completion.encodedResponse.count <= configuration.maximumResponseSize else {
            throw IdempotencyError(
                code: .responseTooLarge,
                message: "The response takes \(completion.encodedResponse.count) bytes; the SQLite store keeps at most "
                    + "\(configuration.maximumResponseSize). Raise SQLiteIdempotencyStoreConfiguration.maximumResponseSize."
            )
        }
        let binds = Self.keyBinds(completion.id) + [
            .text(completion.token.rawValue),
            .blob(ByteBuffer(bytes: completion.encodedResponse)),
            Self.time(completion.expiresAt),
        ]
        let rows = try await run("complete a record", SQLiteIdempotencySchema.complete, binds, on: connection)
        guard rows.count == 1 else {
            throw IdempotencyError.leaseLost(completion.id)
        }
    }

    public func release(_ id: IdempotencyRecordID, token: LeaseToken) async throws(IdempotencyError) -> Bool {
        let binds = Self.keyBinds(id) + [.text(token.rawValue)]
        return try await run("release a claim", SQLiteIdempotencySchema.release, binds).count == 1
    }

    public func record(for id: IdempotencyRecordID, now: Date) async throws(IdempotencyError) -> IdempotencyRecord? {
        let binds = Self.keyBinds(id) + [Self.time(now)]
        guard let row = try await run("read a record", SQLiteIdempotencySchema.select, binds).first else {
            return nil
        }
        return try SQLiteRecordDecoder.record(from: row, id: id)
    }

    public func removeExpired(now: Date) async throws(IdempotencyError) -> Int {
        try await run("remove expired records", SQLiteIdempotencySchema.removeExpired, [Self.time(now)]).count
    }

    private func run(
        _ operation: String,
        _ sql: String,
        _ binds: [SQLiteData],
        on callerConnection: SQLiteConnection? = nil
    ) async throws(IdempotencyError) -> [SQLiteRow] {
        if let callerConnection {
            do {
                return try await callerConnection.query(sql, binds)
            } catch {
                throw .storeUnavailable(operation, error)
            }
        }
        guard connectionGuard.enter() else {
            throw IdempotencyError(
                code: .storeUnavailable,
                message: "The SQLite idempotency store is closed; open a new one to \(operation)."
            )
        }
        defer { connectionGuard.leave() }
        do {
            return try await connection.query(sql, binds)
        } catch {
            logger.debug("SQLite idempotency statement failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw .storeUnavailable(operation, error)
        }
    }

    private static func time(_ date: Date) -> SQLiteData {
        .integer(SQLiteInt64(date.millisecondsSince1970))
    }

    private static func keyBinds(_ id: IdempotencyRecordID) -> [SQLiteData] {
        [.text(id.scope.principal), .text(id.scope.route), .text(id.key.rawValue)]
    }
}
