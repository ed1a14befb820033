import Foundation
import Logging
import OutboxKit
import OutboxKitConformance
import SQLiteNIO
import Testing

@Suite struct SQLiteOutboxStoreTests {
    static let logger = Logger(label: "outboxkit-tests")

    @Test(arguments: OutboxStoreConformanceCheck.allCases)
    func sqliteStoreBehavesLikeEveryStore(_ check: OutboxStoreConformanceCheck) async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("outbox.sqlite")
        let store = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        try await OutboxStoreConformance { store }.run(check)
        try await store.close()
    }

    @Test func eventsAppendedInAnOpenTransactionStayInvisibleUntilCommit() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("app.sqlite"), logger: Self.logger)
        let app = try await store.openConnection()
        _ = try await app.query("CREATE TABLE machines (id TEXT PRIMARY KEY, state TEXT)")

        let event = OutboxEvent(partitionKey: "m1", type: "machine.state.changed", source: "/test", payload: [1])
        _ = try await app.query("BEGIN IMMEDIATE")
        _ = try await app.query("INSERT INTO machines VALUES ('m1', 'ACTIVE')")
        try await store.append([event], in: app)
        // Reads only: a claim is a write and would wait for this transaction's lock.
        #expect(try await store.event(event.id) == nil)
        #expect(try await store.stats().pending == 0)
        _ = try await app.query("COMMIT")

        let claimed = try await store.claim(owner: "r", limit: 10, leaseDuration: .seconds(5), policy: .holdKey, now: Date())
        #expect(claimed.map(\.id) == [event.id])
        try await app.close()
        try await store.close()
    }

    @Test func rolledBackApplicationTransactionNeverReachesTheOutbox() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("app.sqlite"), logger: Self.logger)
        let app = try await store.openConnection()
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        _ = try await app.query("BEGIN")
        try await store.append([event], in: app)
        _ = try await app.query("ROLLBACK")
        #expect(try await store.event(event.id) == nil)
        #expect(try await store.stats() == OutboxStats())
        try await app.close()
        try await store.close()
    }

    @Test func migrationIsIdempotentAndPrefixesEveryTable() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("shared.sqlite")
        let first = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        let connection = try await first.openConnection()
        try await SQLiteOutboxSchema.migrate(connection)
        let names = try await connection.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%'")
            .compactMap { $0.column("name")?.string }
        #expect(!names.isEmpty)
        #expect(names.allSatisfy { $0.hasPrefix("outbox_") })
        let mode = try await connection.query("PRAGMA journal_mode").first?.column("journal_mode")?.string
        #expect(mode == "wal")
        try await connection.close()
        try await first.close()
    }

    @Test func claimQueryReadsThePartialIndexes() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("plan.sqlite"), logger: Self.logger)
        let connection = try await store.openConnection()
        let plan = try await connection.query(
            "EXPLAIN QUERY PLAN SELECT e.id FROM outbox_events AS e WHERE e.status IN ('pending', 'in_flight') AND NOT EXISTS (SELECT 1 FROM outbox_events AS p WHERE p.status IN ('pending', 'in_flight') AND p.partition_key = e.partition_key AND p.id < e.id) ORDER BY e.id LIMIT 10"
        ).compactMap { $0.column("detail")?.string }.joined(separator: "\n")
        #expect(plan.contains("outbox_events_unsent"))
        #expect(plan.contains("COVERING INDEX outbox_events_unsent_by_key_state"))
        #expect(!plan.contains("SCAN e\n") && !plan.contains("TEMP B-TREE"))
        try await connection.close()
        try await store.close()
    }

    @Test func corruptRowIsReportedNotCrashed() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("corrupt.sqlite"), logger: Self.logger)
        let event = OutboxEvent(partitionKey: "m1", type: "t", source: "/test", payload: [1])
        try await store.append([event])
        let connection = try await store.openConnection()
        _ = try await connection.query("UPDATE outbox_events SET headers = 'not json' WHERE id = ?", [.text(event.id.description)])
        let error = await #expect(throws: OutboxError.self) { _ = try await store.event(event.id) }
        #expect(error?.code == .corruptRow)
        try await connection.close()
        try await store.close()
    }
}
