import Foundation
import IdempotencyKit
import Logging
import GRDB
import Testing

@Suite("SQLite store", .timeLimit(.minutes(1)))
struct SQLiteIdempotencyStoreTests {
    let clock = ManualIdempotencyClock()
    let scope = IdempotencyScope(principal: "api-key-1", route: "POST /api/ext/event")
    let fingerprint = RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array(#"{"machine":"17"}"#.utf8))

    func gate(_ store: SQLiteIdempotencyStore) -> IdempotencyGate<SQLiteIdempotencyStore> {
        IdempotencyGate(store: store, clock: clock, logger: Logger(label: "sqlite-test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func eventCount(_ pool: DatabasePool) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") } ?? -1
    }

    /// A handler that inserts the event and completes the record in one transaction.
    static func insertEvent(
        _ id: String,
        claim: IdempotencyClaim,
        store: SQLiteIdempotencyStore,
        pool: DatabasePool,
        failBeforeCommit: Bool = false
    ) async throws -> IdempotentResponse {
        let response = IdempotentResponse(status: 201, body: Array(#"{"id":"\#(id)"}"#.utf8))
        let completion = try claim.completion(with: response)
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO events (id, machine) VALUES (?, ?)", arguments: [id, "17"])
            try store.complete(completion, in: db)
            if failBeforeCommit {
                throw IdempotencyError(code: .storeUnavailable, message: "simulated failure before COMMIT")
            }
        }
        return response
    }

    @Test func commitsTheDomainWriteAndTheRecordTogether() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let store = SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger)
            let gate = gate(store)

            let first = try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { claim in
                try await Self.insertEvent("e1", claim: claim, store: store, pool: pool)
            }
            guard case .executed = first else {
                Issue.record("Expected an execution, got \(first)")
                return
            }
            let retry = try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { claim in
                try await Self.insertEvent("e2", claim: claim, store: store, pool: pool)
            }
            guard case .replayed(let replayed) = retry else {
                Issue.record("Expected a replay, got \(retry)")
                return
            }
            #expect(replayed.body == Array(#"{"id":"e1"}"#.utf8))
            #expect(try await Self.eventCount(pool) == 1)
        }
    }

    @Test func rollsBackTheRecordWithTheDomainWriteSoARetryRunsAgain() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let store = SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger)
            let gate = gate(store)

            await #expect(throws: IdempotencyError.self) {
                try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { claim in
                    try await Self.insertEvent("e1", claim: claim, store: store, pool: pool, failBeforeCommit: true)
                }
            }
            #expect(try await Self.eventCount(pool) == 0)
            let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: "k1"))
            #expect(try await store.record(for: id, now: clock.now) == nil)

            let retry = try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { claim in
                try await Self.insertEvent("e2", claim: claim, store: store, pool: pool)
            }
            guard case .executed = retry else {
                Issue.record("Expected the retry to run, got \(retry)")
                return
            }
            #expect(try await Self.eventCount(pool) == 1)
        }
    }

    @Test func rollsBackTheDomainWriteOfARequestWhoseLeaseWasTakenOver() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let store = SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger)
            let gate = gate(store)

            await #expect(throws: IdempotencyError.self) {
                try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { claim in
                    clock.advance(by: .seconds(31))
                    let retry = try await gate.execute(scope: scope, key: "k1", fingerprint: fingerprint, completion: .byOperation) { newClaim in
                        try await Self.insertEvent("winner", claim: newClaim, store: store, pool: pool)
                    }
                    guard case .executed = retry else {
                        Issue.record("Expected the retry to take over, got \(retry)")
                        return IdempotentResponse(status: 500)
                    }
                    return try await Self.insertEvent("loser", claim: claim, store: store, pool: pool)
                }
            }
            #expect(try await pool.read { db in try String.fetchAll(db, sql: "SELECT id FROM events") } == ["winner"])
        }
    }

    @Test(arguments: [
        "UPDATE idempotency_records SET response = x'00010203'",
        "UPDATE idempotency_records SET fingerprint = x'0102'",
        "UPDATE idempotency_records SET state = 7",
        "UPDATE idempotency_records SET fingerprint = 'text'",
        "UPDATE idempotency_records SET expires_at = 'soon'",
        "UPDATE idempotency_records SET state = 0, lease_token = NULL",
    ])
    func reportsACorruptedRecordAsATypedErrorAndRejectsTheRequest(damage: String) async throws {
        try await TemporarySQLiteDatabase.with { database in
            let store = try await database.openStore()
            let gate = gate(store)
            let key = "k-\(UUID().uuidString)"
            let first = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in IdempotentResponse(status: 200) }
            guard case .executed = first else {
                Issue.record("Expected an execution, got \(first)")
                return
            }
            try await store.writer.write { db in try db.execute(sql: damage) }
            let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
            let error = try await #require(throws: IdempotencyError.self) { try await store.record(for: id, now: clock.now) }
            #expect(error.code == .corruptedRecord)
            var ran = false
            let retry = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                ran = true
                return IdempotentResponse(status: 200)
            }
            guard case .storeFailure(let failure) = retry else {
                Issue.record("Expected a store failure, got \(retry)")
                return
            }
            #expect(failure.code == .corruptedRecord)
            #expect(!ran)
        }
    }

    @Test func sharesRecordsBetweenConnectionsAsSeparateProcessesWould() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let stores = [try await database.openStore(), try await database.openStore()]
            let gates = stores.map(gate)
            let counter = Counter()
            let outcomes = await withTaskGroup(of: IdempotencyOutcome.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        await gates[index % 2].execute(scope: scope, key: "shared", fingerprint: fingerprint) { _ in
                            await counter.increment()
                            try? await Task.sleep(for: .milliseconds(100))
                            return IdempotentResponse(status: 200, body: [1])
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(await counter.value == 1)
            #expect(outcomes.count { if case .executed = $0 { true } else { false } } == 1)
            #expect(outcomes.allSatisfy {
                switch $0 {
                case .executed, .replayed, .inFlight: true
                default: false
                }
            })
        }
    }

    @Test func keepsRecordsWhenTheDatabaseIsReopened() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let first = try await database.openStore()
            _ = await gate(first).execute(scope: scope, key: "k", fingerprint: fingerprint) { _ in IdempotentResponse(status: 202, body: [9]) }
            try await first.close()
            let reopened = try await database.openStore()
            let outcome = await gate(reopened).execute(scope: scope, key: "k", fingerprint: fingerprint) { _ in IdempotentResponse(status: 500) }
            guard case .replayed(let response) = outcome else {
                Issue.record("Expected a replay after reopening, got \(outcome)")
                return
            }
            #expect(response == IdempotentResponse(status: 202, body: [9]))
        }
    }

    @Test func migratesAnApplicationDatabaseRepeatedlyWithPrefixedTables() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            try SQLiteIdempotencyStore.migrate(pool)
            try SQLiteIdempotencyStore.migrate(pool)
            let (tables, mode, migrations) = try await pool.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb_%' ORDER BY name"),
                    try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
                )
            }
            #expect(tables == ["events", "idempotency_records"])
            #expect(mode == "wal")
            #expect(migrations == ["host-v1", "idempotency-v1"])
        }
    }

    @Test func refusesAResponseOverItsOwnSizeLimit() async throws {
        try await TemporarySQLiteDatabase.with { database in
            var configuration = SQLiteIdempotencyStoreConfiguration()
            configuration.maximumResponseSize = 100
            let store = try await database.openStore(configuration: configuration)
            let outcome = await gate(store).execute(scope: scope, key: "k", fingerprint: fingerprint) { _ in
                IdempotentResponse(status: 200, body: Array(repeating: 1, count: 200))
            }
            guard case .executedWithoutRecord(_, let reason) = outcome else {
                Issue.record("Expected an unrecorded execution, got \(outcome)")
                return
            }
            #expect(reason.code == .responseTooLarge)
            let id = IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: "k"))
            #expect(try await store.record(for: id, now: clock.now) == nil)
        }
    }

    @Test func rejectsRequestsWhileAnotherConnectionHoldsTheWriteLock() async throws {
        try await TemporarySQLiteDatabase.with { database in
            var configuration = SQLiteIdempotencyStoreConfiguration()
            configuration.busyTimeoutMilliseconds = 100
            let store = try await database.openStore(configuration: configuration)
            // Another process's connection, holding the write lock until told to commit.
            let locker = try database.openQueue()
            let locked = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await locker.writeWithoutTransaction { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    locked.continuation.yield()
                    // Blocks this queue's thread (not the concurrency pool) until released.
                    let semaphore = DispatchSemaphore(value: 0)
                    Task { for await _ in release.stream { break }; semaphore.signal() }
                    semaphore.wait()
                    try db.execute(sql: "COMMIT")
                }
            }
            for await _ in locked.stream { break }
            var ran = false
            let outcome = await gate(store).execute(scope: scope, key: "locked", fingerprint: fingerprint) { _ in
                ran = true
                return IdempotentResponse(status: 200)
            }
            guard case .storeFailure(let error) = outcome else {
                Issue.record("Expected a store failure while the database is locked, got \(outcome)")
                return
            }
            #expect(error.code == .storeUnavailable)
            #expect(!ran)
            release.continuation.yield()
            try await holder.value
            let after = await gate(store).execute(scope: scope, key: "locked", fingerprint: fingerprint) { _ in IdempotentResponse(status: 200) }
            guard case .executed = after else {
                Issue.record("Expected the request to run once the lock is gone, got \(after)")
                return
            }
        }
    }

    @Test func reportsAnUnopenableDatabaseAsUnavailable() async throws {
        let error = try await #require(throws: IdempotencyError.self) {
            try await SQLiteIdempotencyStore.open(path: "/nonexistent-\(UUID().uuidString)/records.sqlite", logger: Logger(label: "sqlite-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        #expect(error.code == .storeUnavailable)
    }
}

private actor Counter {
    var value = 0

    func increment() {
        value += 1
    }
}
