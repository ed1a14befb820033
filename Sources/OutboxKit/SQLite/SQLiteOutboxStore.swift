import Foundation
import Logging
import NIOPosix
import SQLiteNIO
import Synchronization

/// An outbox store in one SQLite file (WAL mode), shared with the application's own tables.
///
/// Append with the application's own connection inside its `BEGIN … COMMIT`:
///
/// ```swift
/// _ = try await connection.query("BEGIN IMMEDIATE")
/// _ = try await connection.query("INSERT INTO samples …", binds)
/// try await store.append([event], in: connection)
/// _ = try await connection.query("COMMIT")
/// ```
///
/// The store reads and settles events through a connection of its own, so it sees only
/// committed rows. Claims are single `UPDATE … RETURNING` statements, atomic across connections
/// and processes, so several relays (in one process or many) can share the file.
/// All SQLite calls run on sqlite-nio's `NIOThreadPool`, never on the Swift concurrency pool.
public final class SQLiteOutboxStore: OutboxStore {
    /// The application's connection, inside its own transaction.
    public typealias Transaction = SQLiteConnection

    /// The database file.
    public let path: String
    private let connection: SQLiteConnection
    private let threadPool: NIOThreadPool
    private let logger: Logger

    private init(path: String, connection: SQLiteConnection, threadPool: NIOThreadPool, logger: Logger) {
        self.path = path
        self.connection = connection
        self.threadPool = threadPool
        self.logger = logger
    }

    /// Opens (creating if needed) the database file, switches it to WAL and creates the outbox tables.
    ///
    /// - Parameters:
    ///   - path: The database file; the application may keep its own tables in it.
    ///   - threadPool: Where the blocking SQLite calls run.
    ///   - logger: Receives the store's debug messages.
    /// - Throws: ``OutboxError/Code/storeFailure`` when the file cannot be opened or migrated.
    public static func open(
        path: String,
        threadPool: NIOThreadPool = .singleton,
        logger: Logger
    ) async throws -> SQLiteOutboxStore {
        let connection = try await openConnection(path: path, threadPool: threadPool, logger: logger)
        do {
            try await SQLiteOutboxSchema.migrate(connection)
        } catch {
            try? await connection.close()
            throw error
        }
        return SQLiteOutboxStore(path: path, connection: connection, threadPool: threadPool, logger: logger)
    }

    /// Opens a connection to the same file the way the store does (WAL, foreign keys), for
    /// callers that append in their own transactions. Close it when done.
    public func openConnection() async throws -> SQLiteConnection {
        try await Self.openConnection(path: path, threadPool: threadPool, logger: logger)
    }

    /// Closes the store's connection; the store must not be used afterwards.
    public func close() async throws {
        try await connection.close()
    }

    static func openConnection(path: String, threadPool: NIOThreadPool, logger: Logger) async throws -> SQLiteConnection {
        do {
            let connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
            )
            do {
                // sqlite-nio's default busy handler retries forever without sleeping; a bounded
                // wait turns a stuck writer into an error the relay retries.
                _ = try await connection.query("PRAGMA busy_timeout = 5000")
                _ = try await connection.query("PRAGMA journal_mode = WAL")
                _ = try await connection.query("PRAGMA synchronous = NORMAL")
            } catch {
                try? await connection.close()
                throw error
            }
            return connection
        } catch {
            throw OutboxError.storeFailure("open the SQLite database at \(path)", error)
        }
    }

    public func append(_ events: [OutboxEvent], in connection: SQLiteConnection) async throws {
        for event in events { try event.validate() }
        // 50 rows × 17 columns stays far below SQLite's limit on bound parameters.
        for chunk in stride(from: 0, to: events.count, by: 50).map({ events[$0..<min($0 + 50, events.count)] }) {
            let row = "(" + Array(repeating: "?", count: SQLiteOutboxRow.columnCount).joined(separator: ", ") + ")"
            let sql = "INSERT INTO outbox_events (\(SQLiteOutboxRow.columns)) VALUES "
                + Array(repeating: row, count: chunk.count).joined(separator: ", ")
            let binds = try chunk.flatMap(SQLiteOutboxRow.binds(for:))
            do {
                _ = try await connection.query(sql, binds)
            } catch let error as SQLiteError where Self.isUniqueViolation(error) {
                throw OutboxError(
                    .duplicateID,
                    "One of the events \(chunk.map(\.id.description).joined(separator: ", ")) is already in the outbox; give every event a new ULID."
                )
            } catch {
                throw OutboxError.storeFailure("append \(chunk.count) events", error)
            }
        }
    }

    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (SQLiteConnection) async throws -> Result
    ) async throws -> Result {
        // A connection of its own: statements of concurrent tasks on one connection would
        // otherwise join this transaction.
        let connection = try await openConnection()
        do {
            try await execute("BEGIN IMMEDIATE", on: connection, operation: "begin a transaction")
            let result: Result
            do {
                result = try await body(connection)
                try await execute("COMMIT", on: connection, operation: "commit")
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    public func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try await claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: false)
    }

    public func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try await claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: true)
    }

    private func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date,
        behindOwnLeases: Bool
    ) async throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("claim limit must be positive, got \(limit)") }
        let nowMilliseconds = Int(now.unixMilliseconds)
        let expires = Int(now.addingTimeInterval(leaseDuration.timeInterval).unixMilliseconds)
        let heldBack = switch policy.kind {
        case .holdKey: behindOwnLeases ? SQLiteOutboxQueries.notHeldBackByOthers : SQLiteOutboxQueries.notHeldBack
        case .independent: ""
        }
        let sql = SQLiteOutboxQueries.claim(heldBack: heldBack)
        let leaseExpiresAt = Date(unixMilliseconds: Int64(expires))
        let events = try await collect(
            sql, [.text(owner), .integer(expires), .integer(nowMilliseconds), .integer(limit)], operation: "claim events"
        ) { row in
            try SQLiteOutboxRow.claimedEvent(from: row, status: .inFlight, leaseOwner: owner, leaseExpiresAt: leaseExpiresAt)
        }
        return events.sorted { $0.id < $1.id }
    }

    public func markSent(_ ids: [ULID], owner: String, now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await count(
            SQLiteOutboxQueries.markSent,
            [.integer(Int(now.unixMilliseconds)), .text(owner), .text(Self.jsonArray(ids))],
            operation: "mark events sent"
        )
    }

    public func markFailed(
        _ id: ULID,
        owner: String,
        error: String,
        retryAt: Date,
        maxAttempts: Int,
        now: Date
    ) async throws -> OutboxEventStatus? {
        let rows = try await query(
            """
            UPDATE outbox_events
            SET status = CASE WHEN attempts >= ? THEN 'dead' ELSE 'pending' END,
                next_attempt_ms = CASE WHEN attempts >= ? THEN next_attempt_ms ELSE ? END,
                last_error = ?, lease_owner = NULL, lease_expires_ms = NULL
            WHERE id = ? AND status = 'in_flight' AND lease_owner = ? RETURNING status
            """,
            [.integer(maxAttempts), .integer(maxAttempts), .integer(Int(retryAt.unixMilliseconds)), .text(error), .text(id.description), .text(owner)],
            operation: "record a failed attempt"
        )
        return rows.first?.column("status")?.string.flatMap(OutboxEventStatus.init(rawValue:))
    }

    public func markDead(_ id: ULID, owner: String, error: String, now: Date) async throws -> Bool {
        let rows = try await query(
            """
            UPDATE outbox_events SET status = 'dead', last_error = ?, lease_owner = NULL, lease_expires_ms = NULL
            WHERE id = ? AND status = 'in_flight' AND lease_owner = ? RETURNING id
            """,
            [.text(error), .text(id.description), .text(owner)],
            operation: "move an event to dead letters"
        )
        return !rows.isEmpty
    }

    public func release(_ ids: [ULID], owner: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await count(SQLiteOutboxQueries.release, [.text(owner), .text(Self.jsonArray(ids))], operation: "release leases")
    }

    public func event(_ id: ULID) async throws -> OutboxEvent? {
        let rows = try await query(
            "SELECT \(SQLiteOutboxRow.columns) FROM outbox_events WHERE id = ?", [.text(id.description)], operation: "read an event"
        )
        return try rows.first.map(SQLiteOutboxRow.event(from:))
    }

    public func listDead(limit: Int, after: ULID?) async throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("listDead limit must be positive, got \(limit)") }
        let rows = try await query(
            "SELECT \(SQLiteOutboxRow.columns) FROM outbox_events WHERE status = 'dead' AND id > ? ORDER BY id LIMIT ?",
            [.text(after?.description ?? ""), .integer(limit)],
            operation: "list dead letters"
        )
        return try rows.map(SQLiteOutboxRow.event(from:))
    }

    public func retryDead(_ ids: [ULID], now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try await query(
            """
            UPDATE outbox_events SET status = 'pending', attempts = 0, next_attempt_ms = ?
            WHERE status = 'dead' AND id IN (\(placeholders)) RETURNING id
            """,
            [.integer(Int(now.unixMilliseconds))] + ids.map { .text($0.description) },
            operation: "retry dead letters"
        )
        return rows.count
    }

    public func purgeDead(_ ids: [ULID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try await query(
            "DELETE FROM outbox_events WHERE status = 'dead' AND id IN (\(placeholders)) RETURNING id",
            ids.map { .text($0.description) },
            operation: "purge dead letters"
        )
        return rows.count
    }

    public func purgeSent(before cutoff: Date) async throws -> Int {
        let rows = try await query(
            "DELETE FROM outbox_events WHERE status = 'sent' AND sent_ms < ? RETURNING id",
            [.integer(Int(cutoff.unixMilliseconds))],
            operation: "purge sent events"
        )
        return rows.count
    }

    public func stats() async throws -> OutboxStats {
        let rows = try await query(SQLiteOutboxQueries.stats, [], operation: "count events")
        var stats = OutboxStats()
        for row in rows {
            let count = row.column("count")?.integer ?? 0
            switch row.column("status")?.string.flatMap(OutboxEventStatus.init(rawValue:)) {
            case .pending: stats.pending = count
            case .inFlight: stats.inFlight = count
            case .sent: stats.sent = count
            case .dead: stats.dead = count
            case nil: break
            }
            if let oldest = row.column("oldest")?.integer, row.column("status")?.string != "sent", row.column("status")?.string != "dead" {
                let time = Date(unixMilliseconds: Int64(oldest))
                stats.oldestUnsentTime = min(stats.oldestUnsentTime ?? time, time)
            }
        }
        return stats
    }

    private func query(_ sql: String, _ binds: [SQLiteData], operation: String) async throws -> [SQLiteRow] {
        do {
            return try await connection.query(sql, binds)
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
    }

    /// Runs a statement and maps its rows on sqlite-nio's thread as SQLite steps through them:
    /// no hop to an event loop per row, and the mapping stays off the Swift concurrency pool.
    private func collect<Value: Sendable>(
        _ sql: String,
        _ binds: [SQLiteData],
        operation: String,
        _ transform: @escaping @Sendable (SQLiteRow) throws -> Value
    ) async throws -> [Value] {
        let collected = Mutex<(values: [Value], error: (any Error)?)>(([], nil))
        do {
            try await connection.query(sql, binds) { row in
                collected.withLock { state in
                    guard state.error == nil else { return }
                    do {
                        state.values.append(try transform(row))
                    } catch {
                        state.error = error
                    }
                }
            }
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
        return try collected.withLock { state in
            if let error = state.error { throw error }
            return state.values
        }
    }

    /// Runs a statement and counts the rows it returns.
    private func count(_ sql: String, _ binds: [SQLiteData], operation: String) async throws -> Int {
        let rows = Atomic(0)
        do {
            try await connection.query(sql, binds) { _ in rows.add(1, ordering: .relaxed) }
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
        return rows.load(ordering: .relaxed)
    }

    /// A JSON array of ULID texts, which never need escaping (Crockford base 32).
    private static func jsonArray(_ ids: [ULID]) -> String {
        var json = "["
        json.reserveCapacity(ids.count * 29 + 2)
        for (index, id) in ids.enumerated() {
            json += index == 0 ? "\"" : ",\""
            json += id.description
            json += "\""
        }
        json += "]"
        return json
    }

    private func execute(_ sql: String, on connection: SQLiteConnection, operation: String) async throws {
        do {
            _ = try await connection.query(sql)
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
    }

    private static func isUniqueViolation(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .constraint, .constraintPrimaryKeyFailed, .constraintUniqueFailed: true
        default: false
        }
    }
}
