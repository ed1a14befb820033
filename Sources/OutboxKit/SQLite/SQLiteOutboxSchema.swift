/// The outbox tables in an SQLite database; every name starts with `outbox_` so they can share
/// a file with the application's own tables.
enum SQLiteOutboxSchema {
    /// The identifier of the migration that creates the tables. Its statements are the schema
    /// of the sqlite-nio versions of the store (up to their version 2), each `IF NOT EXISTS`, so
    /// a file one of them created is adopted as it is, rows included.
    static let firstMigration = "outbox-v1"

    /// Unsent rows are few (the relay keeps up) while sent rows pile up until purged, so the
    /// claim query reads partial indexes over unsent rows only: one in id order to find the
    /// oldest due events, one by partition key to find an older event holding its key back.
    /// The key index also carries the status, both due times and the lease owner (version 2), so the held-back
    /// check of a backlog reads the index alone instead of every older row of the key.
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS outbox_events (
            id TEXT PRIMARY KEY NOT NULL,
            partition_key TEXT NOT NULL,
            type TEXT NOT NULL,
            source TEXT NOT NULL,
            subject TEXT,
            time_ms INTEGER NOT NULL,
            data_content_type TEXT NOT NULL,
            schema_version INTEGER NOT NULL,
            payload BLOB NOT NULL,
            headers TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_ms INTEGER NOT NULL,
            lease_owner TEXT,
            lease_expires_ms INTEGER,
            last_error TEXT,
            sent_ms INTEGER
        )
        """,
        """
        CREATE INDEX IF NOT EXISTS outbox_events_unsent
        ON outbox_events (id) WHERE status IN ('pending', 'in_flight')
        """,
        "DROP INDEX IF EXISTS outbox_events_unsent_by_key",
        """
        CREATE INDEX IF NOT EXISTS outbox_events_unsent_by_key_state
        ON outbox_events (partition_key, id, status, next_attempt_ms, lease_expires_ms, lease_owner) WHERE status IN ('pending', 'in_flight')
        """,
        """
        CREATE INDEX IF NOT EXISTS outbox_events_sent
        ON outbox_events (sent_ms) WHERE status = 'sent'
        """,
        """
        CREATE INDEX IF NOT EXISTS outbox_events_dead
        ON outbox_events (id) WHERE status = 'dead'
        """,
    ]
}
