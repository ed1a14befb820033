import Foundation
import GRDB
import _MTCSupport

/// The store's statements on a `Database` the caller already holds, inside its own
/// `writer.write { db in … }`: a host that batches several requests into one write (a savepoint
/// each) appends, claims and settles in that transaction with these.
extension SQLiteOutboxStore {
    /// 50 rows × 17 columns stays far below SQLite's limit on bound parameters, and one cached
    /// statement per chunk size keeps the statement cache small.
    static let appendChunk = 50

    /// Appends events in the caller's transaction: relays see them once it commits, and never
    /// if it rolls back.
    ///
    /// ```swift
    /// try await pool.write { db in
    ///     try db.execute(sql: "INSERT INTO samples (machine, value) VALUES (?, ?)", arguments: ["m1", 42])
    ///     try SQLiteOutboxStore.append([event], in: db)
    /// }
    /// ```
    ///
    /// - Throws: ``OutboxError`` with ``OutboxError/Code/duplicateID`` when an id is already
    ///   stored, ``OutboxError/Code/invalidArgument`` for an invalid event, and
    ///   ``OutboxError/Code/storeFailure`` when SQLite fails.
    public static func append(_ events: [OutboxEvent], in db: Database) throws {
        for event in events { try event.validate() }
        var start = 0
        var values: [DatabaseValue] = []
        values.reserveCapacity(min(events.count, appendChunk) * SQLiteOutboxRow.columnCount)
        while start < events.count {
            let end = min(start + appendChunk, events.count)
            values.removeAll(keepingCapacity: true)
            for event in events[start..<end] {
                try SQLiteOutboxRow.appendValues(for: event, to: &values)
            }
            do {
                let statement = try db.cachedStatement(sql: insertSQL(rows: end - start))
                try statement.execute(arguments: StatementArguments(values))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                throw OutboxError(
                    .duplicateID,
                    "One of the events \(events[start..<end].map(\.id.description).joined(separator: ", ")) is already in the outbox; give every event a new ULID."
                )
            } catch {
                throw OutboxError.storeFailure("append \(end - start) events", error)
            }
            start = end
        }
    }

    /// Leases up to `limit` claimable events to `owner` in the caller's transaction; see
    /// ``OutboxStore/claim(owner:limit:leaseDuration:policy:now:)``.
    public static func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date,
        in db: Database
    ) throws -> [OutboxEvent] {
        try claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: false, in: db)
    }

    /// Like ``claim(owner:limit:leaseDuration:policy:now:in:)``, except that events still leased
    /// to `owner` itself do not hold back later events of their key; see
    /// ``OutboxStore/claimBehindOwnLeases(owner:limit:leaseDuration:policy:now:)``.
    public static func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date,
        in db: Database
    ) throws -> [OutboxEvent] {
        try claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: true, in: db)
    }

    /// Marks events leased by `owner` as sent in the caller's transaction. Returns how many were.
    @discardableResult
    public static func markSent(_ ids: [ULID], owner: String, now: Date, in db: Database) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try changes(
            SQLiteOutboxQueries.markSent, [now.unixMilliseconds, owner, jsonArray(ids)], operation: "mark events sent", in: db
        )
    }

    static func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date,
        behindOwnLeases: Bool,
        in db: Database
    ) throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("claim limit must be positive, got \(limit)") }
        let expires = now.addingTimeInterval(leaseDuration.timeInterval).unixMilliseconds
        let sql = switch policy.kind {
        case .holdKey: behindOwnLeases ? claimBehindOwnLeasesSQL : claimHoldingKeySQL
        case .independent: claimIndependentSQL
        }
        let leaseExpiresAt = Date(unixMilliseconds: expires)
        var events: [OutboxEvent] = []
        events.reserveCapacity(min(limit, 1024))
        do {
            let statement = try db.cachedStatement(sql: sql)
            let rows = try Row.fetchCursor(statement, arguments: [owner, expires, now.unixMilliseconds, limit])
            while let row = try rows.next() {
                events.append(try SQLiteOutboxRow.claimedEvent(from: row, leaseOwner: owner, leaseExpiresAt: leaseExpiresAt))
            }
        } catch let error as OutboxError {
            throw error
        } catch {
            throw OutboxError.storeFailure("claim events", error)
        }
        // RETURNING yields rows in the order SQLite updated them, which it does not promise.
        events.sort { $0.id < $1.id }
        return events
    }

    /// Runs a write statement and returns how many rows it changed.
    static func changes(_ sql: String, _ arguments: StatementArguments, operation: String, in db: Database) throws -> Int {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            return db.changesCount
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
    }

    /// Runs a statement and maps each row it returns.
    static func rows<Value>(
        _ sql: String,
        _ arguments: StatementArguments,
        operation: String,
        in db: Database,
        _ transform: (Row) throws -> Value
    ) throws -> [Value] {
        var values: [Value] = []
        do {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                values.append(try transform(row))
            }
        } catch let error as OutboxError {
            throw error
        } catch {
            throw OutboxError.storeFailure(operation, error)
        }
        return values
    }

    /// A JSON array of ULID texts, which never need escaping (Crockford base 32): a whole batch
    /// is one parameter, so the statement text (and its cached preparation) does not grow with it.
    static func jsonArray(_ ids: [ULID]) -> String {
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

    private static let claimHoldingKeySQL = SQLiteOutboxQueries.claim(heldBack: SQLiteOutboxQueries.notHeldBack)
    private static let claimBehindOwnLeasesSQL = SQLiteOutboxQueries.claim(heldBack: SQLiteOutboxQueries.notHeldBackByOthers)
    private static let claimIndependentSQL = SQLiteOutboxQueries.claim(heldBack: "")

    private static let insertSQLs: [String] = (0...appendChunk).map { count in
        // The payload goes through CAST: GRDB binds an empty Data as NULL, an empty text casts
        // to the empty blob that the NOT NULL column needs.
        var placeholders = Array(repeating: "?", count: SQLiteOutboxRow.columnCount)
        placeholders[SQLiteOutboxRow.payloadIndex] = "CAST(? AS BLOB)"
        let row = "(" + placeholders.joined(separator: ", ") + ")"
        return "INSERT INTO outbox_events (\(SQLiteOutboxRow.columns)) VALUES " + Array(repeating: row, count: count).joined(separator: ", ")
    }

    private static func insertSQL(rows: Int) -> String { insertSQLs[rows] }
}
