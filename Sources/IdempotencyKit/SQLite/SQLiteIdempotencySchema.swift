/// The table the SQLite store keeps its records in, and its statements.
enum SQLiteIdempotencySchema {
    static let table = "idempotency_records"

    /// The identifier of the migration that creates the table. Its statements are the schema of
    /// the sqlite-nio versions of the store, each `IF NOT EXISTS`, so a file one of them created
    /// is adopted as it is, records included.
    static let firstMigration = "idempotency-v1"

    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS idempotency_records (
            scope_principal TEXT NOT NULL,
            scope_route TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            fingerprint BLOB NOT NULL,
            state INTEGER NOT NULL,
            lease_token TEXT,
            lease_expires_at INTEGER,
            response BLOB,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (scope_principal, scope_route, idempotency_key)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS idempotency_records_expires_at ON idempotency_records (expires_at)",
    ]

    static let stateInFlight: Int64 = 0
    static let stateCompleted: Int64 = 1

    static let recordKey = "scope_principal = ?1 AND scope_route = ?2 AND idempotency_key = ?3"

    static let claim = """
        INSERT INTO idempotency_records
            (scope_principal, scope_route, idempotency_key, fingerprint, state, lease_token, lease_expires_at, response, expires_at)
        VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, NULL, ?7)
        ON CONFLICT (scope_principal, scope_route, idempotency_key) DO UPDATE SET
            fingerprint = excluded.fingerprint,
            state = 0,
            lease_token = excluded.lease_token,
            lease_expires_at = excluded.lease_expires_at,
            response = NULL,
            expires_at = excluded.expires_at
        WHERE idempotency_records.expires_at <= ?8
        """

    static let select = """
        SELECT fingerprint, state, lease_token, lease_expires_at, response, expires_at
        FROM idempotency_records WHERE \(recordKey) AND expires_at > ?4
        """

    /// A completed record written in one go, over nothing, an expired record or an in-flight
    /// one; a live completed record stays (no change). Parameters: 1-3 key, 4 fingerprint,
    /// 5 response, 6 expiry, 7 now.
    static let storeCompleted = """
        INSERT INTO idempotency_records
            (scope_principal, scope_route, idempotency_key, fingerprint, state, lease_token, lease_expires_at, response, expires_at)
        VALUES (?1, ?2, ?3, ?4, 1, NULL, NULL, ?5, ?6)
        ON CONFLICT (scope_principal, scope_route, idempotency_key) DO UPDATE SET
            fingerprint = excluded.fingerprint,
            state = 1,
            lease_token = NULL,
            lease_expires_at = NULL,
            response = excluded.response,
            expires_at = excluded.expires_at
        WHERE idempotency_records.expires_at <= ?7 OR idempotency_records.state = 0
        """

    static let takeOver = """
        UPDATE idempotency_records SET lease_token = ?5, lease_expires_at = ?6
        WHERE \(recordKey) AND state = 0 AND lease_token = ?4 AND lease_expires_at <= ?7 AND expires_at > ?7
        """

    static let complete = """
        UPDATE idempotency_records
        SET state = 1, lease_token = NULL, lease_expires_at = NULL, response = ?5, expires_at = ?6
        WHERE \(recordKey) AND state = 0 AND lease_token = ?4
        """

    static let release = """
        DELETE FROM idempotency_records WHERE \(recordKey) AND state = 0 AND lease_token = ?4
        """

    static let removeExpired = "DELETE FROM idempotency_records WHERE expires_at <= ?1"
}
