import Foundation
import GRDB
import Logging
import OutboxKit
@testable import ReferenceServer
import Testing

/// A file written by an earlier server opens in this one with its data intact.
@Suite("SQLite migrations")
struct SQLiteMigrationTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("telemetry written under machine UUIDs moves to machine keys with its ids, an orphan's rows included")
    func telemetryMovesToMachineKeys() async throws {
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let machine = BackendConformanceTests.machine()
        let base = StoreTime.microseconds(Date(timeIntervalSince1970: 1_735_689_600))

        // The file as the server of migration server-3 left it.
        do {
            let pool = try DatabasePool(path: path)
            var migrator = DatabaseMigrator()
            SQLiteServerSchema.registerMigrations(in: &migrator)
            SQLiteOutboxStore.registerMigrations(in: &migrator)
            try migrator.migrate(pool, upTo: "server-3-microsecond-times")
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT INTO machines (id, tenant_id, external_id, name, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, 1)",
                    arguments: [machine.id, machine.tenantId, machine.externalId, machine.name, machine.sourceJSON]
                )
                for (id, owner) in [(5, machine.id), (6, "deleted-machine"), (9, machine.id)] {
                    try db.execute(
                        sql: """
                            INSERT INTO telemetry (id, machine_id, data_item_id, ts, category, value_number, received_at)
                            VALUES (?, ?, 'd', ?, 'SAMPLE', ?, ?)
                            """,
                        arguments: [id, owner, base + id, Double(id), base]
                    )
                }
            }
            try pool.close()
        }

        let backend = try await SQLiteBackend.open(path: path, logger: Self.logger)
        let stored = try await backend.telemetry.query(
            machineId: machine.id, from: .distantPast, to: .distantFuture, dataItems: [], limit: 10, after: nil
        )
        #expect(stored.map(\.rowId) == [5, 9])
        #expect(stored.map(\.observation.value) == [.number(5), .number(9)])
        let orphans = try await backend.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM telemetry JOIN machine_keys ON key = machine_key WHERE machine_id = 'deleted-machine'")
        }
        #expect(orphans == 1)

        // New rows follow the old ones and are found under the same machine.
        let batch = IngestBatch(
            machine: machine, observations: [ObservationInput(dataItemId: "d", timestamp: StoreTime.date(microseconds: base + 20), category: "SAMPLE")],
            receivedAt: Date(), idempotency: nil, source: "internal",
            derive: { ($0, [], 0) }, respond: { try EventJSON.okResponse(IngestAnswer($0)) }
        )
        _ = try await backend.ingest.ingest(batch)
        let after = try await backend.telemetry.query(
            machineId: machine.id, from: .distantPast, to: .distantFuture, dataItems: [], limit: 10, after: nil
        )
        #expect(after.map(\.rowId) == [5, 9, 10])
        #expect(try await backend.pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        await backend.close()
    }

    @Test("a deleted machine's key is never given to a new machine")
    func keysAreNotReused() async throws {
        try await BackendConformanceTests.withBackend(.sqlite) { backend in
            let sqlite = try #require(backend as? SQLiteBackend)
            let first = BackendConformanceTests.machine("1")
            _ = try await backend.machines.create(first)
            let firstKey = try await sqlite.pool.read { db in try SQLiteTelemetryStore.key(ofMachine: first.id, in: db) }
            #expect(try await backend.machines.delete(id: first.id, tenantId: first.tenantId))
            let second = BackendConformanceTests.machine("1")
            _ = try await backend.machines.create(second)
            let secondKey = try await sqlite.pool.read { db in try SQLiteTelemetryStore.key(ofMachine: second.id, in: db) }
            #expect(try await sqlite.pool.read { db in try SQLiteTelemetryStore.key(ofMachine: first.id, in: db) } == nil)
            #expect(try #require(secondKey) > #require(firstKey))
        }
    }
}

/// The plans of the statements that run for every batch, so that a schema change cannot turn
/// a lookup into a scan unnoticed.
@Suite("SQLite query plans")
struct SQLiteQueryPlanTests {
    @Test("observations.batch reads its rows by id range, not by scanning the machine's index")
    func storedBatchReadsByRowid() async throws {
        try await BackendConformanceTests.withBackend(.sqlite) { backend in
            let sqlite = try #require(backend as? SQLiteBackend)
            let plan = try await sqlite.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteTelemetryStore.rowsSQL, arguments: [1, 100, 1])
                    .map { $0["detail"] as String? ?? "" }
            }
            #expect(plan == ["SEARCH telemetry USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"], "\(plan)")
        }
    }
}
