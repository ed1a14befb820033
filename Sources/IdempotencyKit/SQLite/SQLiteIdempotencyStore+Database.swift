import Foundation
import GRDB
import _MTCSupport

/// The store's statements on a `Database` the caller already holds, inside its own
/// `writer.write { db in … }`, so that the recorded answer commits or rolls back with the
/// caller's domain writes.
extension SQLiteIdempotencyStore {
    /// The live record for `id` at `now`, read in the caller's transaction; `nil` when there is
    /// none or it has expired.
    ///
    /// - Throws: ``IdempotencyError/Code/corruptedRecord`` for a damaged row,
    ///   ``IdempotencyError/Code/storeUnavailable`` when SQLite fails.
    public static func record(for id: IdempotencyRecordID, now: Date, in db: Database) throws(IdempotencyError) -> IdempotencyRecord? {
        let row: Row?
        do {
            row = try Row.fetchOne(
                db.cachedStatement(sql: SQLiteIdempotencySchema.select),
                arguments: keyArguments(id) + [now.unixMilliseconds]
            )
        } catch {
            throw .storeUnavailable("read a record", error)
        }
        guard let row else { return nil }
        return try SQLiteRecordDecoder.record(from: row, id: id)
    }

    /// Writes a completed record for `id` in the caller's transaction, with no in-flight state
    /// ever committed: for a host that runs "look up the key, do the work, record the answer" in
    /// one transaction.
    ///
    /// It replaces an expired record, or an in-flight one (whose owner then loses its lease and
    /// fails to complete). A live completed record is left alone and reported: read it with
    /// ``record(for:now:in:)`` first and replay it.
    ///
    /// ```swift
    /// let answer = try await pool.write { db in
    ///     if let record = try SQLiteIdempotencyStore.record(for: id, now: now, in: db) { return replay(record) }
    ///     try db.execute(sql: "INSERT INTO events (id, machine) VALUES (?, ?)", arguments: ["e1", "m1"])
    ///     let response = IdempotentResponse(status: 201, headers: [], body: Array("created".utf8))
    ///     try SQLiteIdempotencyStore.storeCompleted(
    ///         id, fingerprint: fingerprint, response: response, now: now, expiresAt: now + 86_400, in: db
    ///     )
    ///     return response
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - maximumResponseSize: The largest encoded response written, in bytes; pass the
    ///     store's ``SQLiteIdempotencyStoreConfiguration/maximumResponseSize`` when it differs
    ///     from the default.
    /// - Throws: ``IdempotencyError/Code/responseTooLarge`` or
    ///   ``IdempotencyError/Code/invalidResponse`` for a response that cannot be stored,
    ///   ``IdempotencyError/Code/leaseLost`` when a live completed record exists,
    ///   ``IdempotencyError/Code/storeUnavailable`` when SQLite fails.
    public static func storeCompleted(
        _ id: IdempotencyRecordID,
        fingerprint: RequestFingerprint,
        response: IdempotentResponse,
        now: Date,
        expiresAt: Date,
        maximumResponseSize: Int = SQLiteIdempotencyStoreConfiguration().maximumResponseSize,
        in db: Database
    ) throws(IdempotencyError) {
        let encoded = try response.encoded()
        try checkSize(encoded.count, maximum: maximumResponseSize)
        let stored = try changes(
            SQLiteIdempotencySchema.storeCompleted,
            keyArguments(id) + [Data(fingerprint.bytes), Data(encoded), expiresAt.unixMilliseconds, now.unixMilliseconds],
            operation: "store a completed record",
            in: db
        )
        guard stored == 1 else {
            throw IdempotencyError(
                code: .leaseLost,
                message: "A completed record for \(id) already exists; replay it (read it with record(for:now:in:)) "
                    + "instead of running the request again. Roll the transaction back."
            )
        }
    }

    /// Completes a claimed record in the caller's transaction, so the record and the caller's
    /// domain writes commit or roll back together.
    ///
    /// ```swift
    /// try await pool.write { db in
    ///     try db.execute(sql: "INSERT INTO events (id, machine) VALUES (?, ?)", arguments: ["e1", "m1"])
    ///     try store.complete(try claim.completion(with: response), in: db)
    /// }
    /// ```
    ///
    /// - Throws: ``IdempotencyError/Code/leaseLost`` if the claim was taken over meanwhile
    ///   (let the transaction roll back: another request owns the key now);
    ///   ``IdempotencyError/Code/responseTooLarge`` over the configured size.
    public func complete(_ completion: IdempotencyCompletion, in db: Database) throws(IdempotencyError) {
        try checkSize(completion.encodedResponse.count)
        let completed = try Self.changes(
            SQLiteIdempotencySchema.complete,
            Self.keyArguments(completion.id) + [
                completion.token.rawValue, Data(completion.encodedResponse), completion.expiresAt.unixMilliseconds,
            ],
            operation: "complete a record",
            in: db
        )
        guard completed == 1 else {
            throw IdempotencyError.leaseLost(completion.id)
        }
    }

    /// Runs a write statement and returns how many rows it changed.
    static func changes(_ sql: String, _ arguments: StatementArguments, operation: String, in db: Database) throws(IdempotencyError) -> Int {
        do {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            return db.changesCount
        } catch {
            throw .storeUnavailable(operation, error)
        }
    }

    static func keyArguments(_ id: IdempotencyRecordID) -> StatementArguments {
        [id.scope.principal, id.scope.route, id.key.rawValue]
    }
}
