import Foundation
import GRDB
import Logging
import OutboxKit
import OutboxKitConformance
import Testing

@Suite struct SQLiteOutboxStoreTests {
    static let logger = Logger(label: "outboxkit-tests")

    @Test(arguments: OutboxStoreConformanceCheck.allCases)
    func sqliteStoreOnItsOwnFileBehavesLikeEveryStore(_ check: OutboxStoreConformanceCheck) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("outbox.sqlite")
        let store = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        try await OutboxStoreConformance { store }.run(check)
        try await store.close()
    }

    @Test(arguments: OutboxStoreConformanceCheck.allCases)
    func sqliteStoreOnAHostPoolBehavesLikeEveryStore(_ check: OutboxStoreConformanceCheck) async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        try await OutboxStoreConformance { store }.run(check)
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM machines") } == 0)
        try pool.close()
    }

    @Test func appendRolledBackWithTheHostTransactionLeavesNoRow() async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO machines (id, state) VALUES ('m1', 'ACTIVE')")
                try SQLiteOutboxStore.append([event], in: db)
                throw Abort()
            }
        }
        #expect(try await store.event(event.id) == nil)
        #expect(try await store.stats() == OutboxStats())
        #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM machines") } == 0)
        try pool.close()
    }

    @Test func appendCommittedWithTheHostTransactionIsClaimable() async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        let events = (0..<120).map { OutboxEvent(partitionKey: "m\($0 % 3)", type: "t", source: "/test", payload: [UInt8($0)]) }
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO machines (id, state) VALUES ('m1', 'ACTIVE')")
            // A savepoint per request, as a host batching requests into one write does.
            try db.inSavepoint {
                try SQLiteOutboxStore.append(Array(events[..<70]), in: db)
                return .commit
            }
            try db.inSavepoint {
                try SQLiteOutboxStore.append(Array(events[70...]), in: db)
                return .commit
            }
        }
        let claimed = try await store.claim(owner: "r", limit: 500, leaseDuration: .seconds(5), policy: .independent, now: Date())
        #expect(claimed.map(\.id) == events.map(\.id).sorted())
        #expect(try await pool.read { db in try String.fetchOne(db, sql: "SELECT state FROM machines") } == "ACTIVE")
        try pool.close()
    }

    @Test func rolledBackSavepointDropsOnlyItsOwnEvents() async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        let kept = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        let duplicate = OutboxEvent(id: kept.id, partitionKey: "m1", type: "t", source: "/test", payload: [2])
        try await pool.write { db in
            try SQLiteOutboxStore.append([kept], in: db)
            try db.inSavepoint {
                let error = #expect(throws: OutboxError.self) { try SQLiteOutboxStore.append([duplicate], in: db) }
                #expect(error?.code == .duplicateID)
                return .rollback
            }
        }
        #expect(try await store.event(kept.id)?.payload == [1])
        try pool.close()
    }

    @Test func hostWriterBatchesClaimsAndSettlementsWithItsOwnWrites() async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        try await store.append([event])
        let now = Date()
        let sent = try await pool.write { db in
            let claimed = try SQLiteOutboxStore.claim(owner: "r", limit: 10, leaseDuration: .seconds(5), policy: .holdKey, now: now, in: db)
            return try SQLiteOutboxStore.markSent(claimed.map(\.id), owner: "r", now: now, in: db)
        }
        #expect(sent == 1)
        #expect(try await store.event(event.id)?.status == .sent)
        try pool.close()
    }

    @Test func withTransactionBodyCanWriteTheApplicationsRows() async throws {
        let directory = try TemporaryDirectory()
        let pool = try HostDatabase.open(directory.file("host.sqlite"))
        let store = SQLiteOutboxStore(writer: pool, logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        try await store.withTransaction { db in
            try db.execute(sql: "INSERT INTO machines (id, state) VALUES ('m1', 'READY')")
            // An await that leaves the writer's thread and comes back to it.
            try await Task.sleep(for: .milliseconds(1))
            try await store.append([event], in: db)
        }
        #expect(try await store.event(event.id) != nil)
        #expect(try await pool.read { db in try String.fetchOne(db, sql: "SELECT state FROM machines") } == "READY")
        try pool.close()
    }

    @Test func settlingInACancelledTaskStillRecordsTheEventAsSent() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("cancel.sqlite"), logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        try await store.append([event])
        let now = Date()
        let claimed = try await store.claim(owner: "r", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: now)
        // A relay cancelled at shutdown after publishing: its mark-sent must not be dropped,
        // or the event is published again.
        let settle = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.markSent(claimed.map(\.id), owner: "r", now: now)
        }
        #expect(try await settle.value == 1)
        #expect(try await store.event(event.id)?.status == .sent)
        try await store.close()
    }

    @Test func fileCreatedBySQLiteNIOVersionOpensWithItsRows() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        let id = ULID()
        do {
            // The schema and a row exactly as the sqlite-nio store (schema version 2) wrote them.
            let old = try DatabaseQueue(path: path)
            try await old.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: Self.sqliteNIOSchema)
                try db.execute(
                    sql: """
                        INSERT INTO outbox_events (id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, headers, status, attempts, next_attempt_ms)
                        VALUES (?, 'm1', 'machine.state.changed', '/old', NULL, 1700000000000, 'application/json', 1, X'7B7D', '{"tenant":"t1"}', 'pending', 0, 1700000000000)
                        """,
                    arguments: [id.description]
                )
            }
            try old.close()
        }
        let store = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        let event = try #require(try await store.event(id))
        #expect(event.partitionKey == "m1" && event.payload == Array("{}".utf8) && event.headers == ["tenant": "t1"])
        #expect(event.time == Date(timeIntervalSince1970: 1_700_000_000))
        let claimed = try await store.claim(owner: "r", limit: 10, leaseDuration: .seconds(5), policy: .holdKey, now: Date())
        #expect(claimed.map(\.id) == [id])
        let indexes = try await store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'outbox_%' ORDER BY name")
        }
        #expect(indexes == ["outbox_events_dead", "outbox_events_sent", "outbox_events_unsent", "outbox_events_unsent_by_key_state"])
        try await store.close()
    }

    @Test func migrationIsIdempotentAndPrefixesEveryTable() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("shared.sqlite")
        let first = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        try SQLiteOutboxStore.migrate(first.writer)
        try await first.close()
        let second = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        let (names, mode, migrations) = try await second.writer.read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            )
        }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.hasPrefix("outbox_") })
        #expect(mode == "wal")
        #expect(migrations.allSatisfy { $0.hasPrefix("outbox-") })
        try await second.close()
    }

    @Test func claimQueryReadsThePartialIndexes() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("plan.sqlite"), logger: Self.logger)
        let plan = try await store.writer.read { db in
            try Row.fetchAll(
                db,
                sql: "EXPLAIN QUERY PLAN SELECT e.id FROM outbox_events AS e WHERE e.status IN ('pending', 'in_flight') AND NOT EXISTS (SELECT 1 FROM outbox_events AS p WHERE p.status IN ('pending', 'in_flight') AND p.partition_key = e.partition_key AND p.id < e.id) ORDER BY e.id LIMIT 10"
            ).compactMap { $0["detail"] as String? }.joined(separator: "\n")
        }
        #expect(plan.contains("outbox_events_unsent"))
        #expect(plan.contains("COVERING INDEX outbox_events_unsent_by_key_state"))
        #expect(!plan.contains("SCAN e\n") && !plan.contains("TEMP B-TREE"))
        try await store.close()
    }

    @Test func corruptRowIsReportedNotCrashed() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("corrupt.sqlite"), logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        try await store.append([event])
        try await store.writer.write { db in
            try db.execute(sql: "UPDATE outbox_events SET headers = 'not json' WHERE id = ?", arguments: [event.id.description])
        }
        let error = await #expect(throws: OutboxError.self) { _ = try await store.event(event.id) }
        #expect(error?.code == .corruptRow)
        try await store.close()
    }

    /// The tables and indexes the sqlite-nio store created, at its schema version 2.
    static let sqliteNIOSchema = """
        CREATE TABLE outbox_migrations (version INTEGER PRIMARY KEY NOT NULL);
        INSERT INTO outbox_migrations (version) VALUES (2);
        CREATE TABLE outbox_events (
            id TEXT PRIMARY KEY NOT NULL, partition_key TEXT NOT NULL, type TEXT NOT NULL, source TEXT NOT NULL,
            subject TEXT, time_ms INTEGER NOT NULL, data_content_type TEXT NOT NULL, schema_version INTEGER NOT NULL,
            payload BLOB NOT NULL, headers TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
            next_attempt_ms INTEGER NOT NULL, lease_owner TEXT, lease_expires_ms INTEGER, last_error TEXT, sent_ms INTEGER
        );
        CREATE INDEX outbox_events_unsent ON outbox_events (id) WHERE status IN ('pending', 'in_flight');
        CREATE INDEX outbox_events_unsent_by_key_state
            ON outbox_events (partition_key, id, status, next_attempt_ms, lease_expires_ms, lease_owner) WHERE status IN ('pending', 'in_flight');
        CREATE INDEX outbox_events_sent ON outbox_events (sent_ms) WHERE status = 'sent';
        CREATE INDEX outbox_events_dead ON outbox_events (id) WHERE status = 'dead';
        """
}

/// An application's own database: a WAL pool with its own table, migrated together with the outbox.
enum HostDatabase {
    static func open(_ path: String) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: SQLiteOutboxStore.defaultConfiguration())
        var migrator = DatabaseMigrator()
        migrator.registerMigration("host-v1") { db in
            try db.execute(sql: "CREATE TABLE machines (id TEXT PRIMARY KEY NOT NULL, state TEXT NOT NULL)")
        }
        SQLiteOutboxStore.registerMigrations(in: &migrator)
        try migrator.migrate(pool)
        return pool
    }
}
