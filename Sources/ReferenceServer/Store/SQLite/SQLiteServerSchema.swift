import GRDB

/// The server's own tables, as GRDB migrations beside OutboxKit's and IdempotencyKit's in one
/// migrator, applied in order exactly once.
///
/// Append-only: a released migration is never edited, a change is a new one. The first ones
/// also open files written by earlier versions (whose tables exist, recorded in
/// `server_schema_migrations` instead of GRDB's table), so they create only what is missing.
enum SQLiteServerSchema {
    static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("server-1-tables") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS machines (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    external_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    source TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    UNIQUE (tenant_id, external_id)
                );
                CREATE INDEX IF NOT EXISTS machines_by_tenant ON machines (tenant_id, created_at, id);
                CREATE TABLE IF NOT EXISTS machine_state (
                    machine_id TEXT PRIMARY KEY REFERENCES machines (id) ON DELETE CASCADE,
                    execution TEXT,
                    part_count INTEGER,
                    cycle_started_at INTEGER,
                    last_cycle_time REAL,
                    measured_at INTEGER,
                    cycle_count INTEGER NOT NULL DEFAULT 0,
                    cycle_source TEXT,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS telemetry (
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
                );
                CREATE INDEX IF NOT EXISTS telemetry_by_machine_time ON telemetry (machine_id, ts, id);
                CREATE INDEX IF NOT EXISTS telemetry_by_received ON telemetry (received_at);
                CREATE TABLE IF NOT EXISTS events (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    machine_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    schema_version INTEGER NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS events_by_machine ON events (machine_id, received_at);
                CREATE TABLE IF NOT EXISTS api_keys (
                    id TEXT PRIMARY KEY,
                    tenant_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    key_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    revoked_at INTEGER
                );
                """)
        }
        // What marks cycle boundaries for a machine, so Execution only measures cycles of
        // machines that report neither a part count nor a cycle signal.
        migrator.registerMigration("server-2-cycle-basis") { db in
            if try !db.columns(in: "machine_state").contains(where: { $0.name == "cycle_basis" }) {
                try db.execute(sql: "ALTER TABLE machine_state ADD COLUMN cycle_basis TEXT")
            }
        }
        // Event and receipt times kept in microseconds, as observations already were: a
        // millisecond store rounded `.000123` away and gave `.001` back as `.000`.
        migrator.registerMigration("server-3-microsecond-times") { db in
            try db.execute(sql: """
                UPDATE events SET occurred_at = occurred_at * 1000, received_at = received_at * 1000;
                UPDATE telemetry SET received_at = received_at * 1000;
                """)
        }
        // Telemetry keyed by a small integer per machine instead of its 36-character UUID in
        // every row and in the `(machine, ts, id)` index: a third of a row's bytes. Keys are
        // never reused (AUTOINCREMENT), so rows of a deleted machine can never be taken for
        // another's.
        migrator.registerMigration("server-4-telemetry-machine-key") { db in
            try db.execute(sql: """
                CREATE TABLE machine_keys (
                    key INTEGER PRIMARY KEY AUTOINCREMENT,
                    machine_id TEXT NOT NULL UNIQUE
                );
                INSERT INTO machine_keys (machine_id) SELECT id FROM machines ORDER BY created_at, id;
                INSERT OR IGNORE INTO machine_keys (machine_id) SELECT DISTINCT machine_id FROM telemetry;
                CREATE TABLE telemetry_keyed (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    machine_key INTEGER NOT NULL,
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
                );
                INSERT INTO telemetry_keyed
                    SELECT t.id, k.key, t.data_item_id, t.ts, t.category, t.type, t.sub_type, t.name, t.sequence,
                           t.value_number, t.value_text, t.condition, t.received_at
                    FROM telemetry t JOIN machine_keys k ON k.machine_id = t.machine_id
                    ORDER BY t.id;
                DROP TABLE telemetry;
                ALTER TABLE telemetry_keyed RENAME TO telemetry;
                CREATE INDEX telemetry_by_machine_time ON telemetry (machine_key, ts, id);
                CREATE INDEX telemetry_by_received ON telemetry (received_at);
                """)
        }
    }
}
