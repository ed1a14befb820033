import Logging
import SQLiteNIO

/// Versioned schema changes of the server's own tables, applied in order exactly once.
///
/// Each entry is append-only: a released migration is never edited, a change is a new version.
/// OutboxKit and IdempotencyKit keep their own tables and versions in the same file.
enum SchemaMigrations {
    static let all: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE machines (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                external_id TEXT NOT NULL,
                name TEXT NOT NULL,
                source TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                UNIQUE (tenant_id, external_id)
            )
            """,
            "CREATE INDEX machines_by_tenant ON machines (tenant_id, created_at, id)",
            """
            CREATE TABLE machine_state (
                machine_id TEXT PRIMARY KEY REFERENCES machines (id) ON DELETE CASCADE,
                execution TEXT,
                part_count INTEGER,
                cycle_started_at INTEGER,
                last_cycle_time REAL,
                measured_at INTEGER,
                cycle_count INTEGER NOT NULL DEFAULT 0,
                cycle_source TEXT,
                updated_at INTEGER NOT NULL
            )
            """,
            """
            CREATE TABLE telemetry (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                machine_id TEXT NOT NULL,
                data_item_id TEXT NOT NULL,
                ts INTEGER NOT NULL,
                category TEXT NOT NULL,
                type TEXT,
                sub_type TEXT,
                name TEXT,
                sequence INTEGER,
                value_number REAL,
                value_text TEXT,
                condition TEXT,
                received_at INTEGER NOT NULL
            )
            """,
            "CREATE INDEX telemetry_by_machine_time ON telemetry (machine_id, ts, id)",
            "CREATE INDEX telemetry_by_received ON telemetry (received_at)",
            """
            CREATE TABLE events (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                machine_id TEXT NOT NULL,
                type TEXT NOT NULL,
                occurred_at INTEGER NOT NULL,
                received_at INTEGER NOT NULL,
                schema_version INTEGER NOT NULL,
                payload TEXT NOT NULL
            )
            """,
            "CREATE INDEX events_by_machine ON events (machine_id, received_at)",
            """
            CREATE TABLE api_keys (
                id TEXT PRIMARY KEY,
                tenant_id TEXT NOT NULL,
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
            )
            """,
        ]),
        // What marks cycle boundaries for a machine, so Execution only measures cycles of
        // machines that report neither a part count nor a cycle signal.
        (2, ["ALTER TABLE machine_state ADD COLUMN cycle_basis TEXT"]),
    ]

    static func apply(on connection: SQLiteConnection, logger: Logger) async throws {
        try await connection.run(
            "CREATE TABLE IF NOT EXISTS server_schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"
        )
        let rows = try await connection.run("SELECT COALESCE(MAX(version), 0) AS version FROM server_schema_migrations")
        let current = rows.first?.column("version")?.integer ?? 0
        for migration in all where migration.version > current {
            for statement in migration.statements {
                try await connection.run(statement)
            }
            try await connection.run(
                "INSERT INTO server_schema_migrations (version, applied_at) VALUES (?, ?)",
                [.integer(migration.version), .integer(StoreTime.nowMilliseconds())]
            )
            logger.info("Applied schema migration", metadata: ["version": "\(migration.version)"])
        }
        if current > all.count {
            throw ReferenceServerError.storage(
                "The database file has schema version \(current), newer than this server knows (\(all.count)); use a newer mtc-server."
            )
        }
    }
}
