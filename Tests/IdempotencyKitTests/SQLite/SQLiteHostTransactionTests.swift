import Foundation
import GRDB
import IdempotencyKit
import Testing

/// A host that looks up the key, writes its domain row and records the answer in ONE
/// transaction of its own pool, with no in-flight state ever committed.
@Suite("SQLite store in a host transaction", .timeLimit(.minutes(1)))
struct SQLiteHostTransactionTests {
    let scope = IdempotencyScope(principal: "api-key-1", route: "POST /api/ext/event")
    let fingerprint = RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array(#"{"machine":"17"}"#.utf8))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let response = IdempotentResponse(status: 201, headers: [.init(name: "Location", value: "/events/e1")], body: Array("created".utf8))

    func id(_ key: String) throws -> IdempotencyRecordID {
        IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
    }

    @Test func storedAnswerCommitsWithTheDomainRow() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let id = try id("k1")
            let (fingerprint, response, now) = (fingerprint, response, now)
            try await pool.write { db in
                #expect(try SQLiteIdempotencyStore.record(for: id, now: now, in: db) == nil)
                try db.execute(sql: "INSERT INTO events (id, machine) VALUES ('e1', '17')")
                try SQLiteIdempotencyStore.storeCompleted(
                    id, fingerprint: fingerprint, response: response, now: now, expiresAt: now.addingTimeInterval(60), in: db
                )
            }
            let store = SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger)
            let record = try #require(try await store.record(for: id, now: now))
            #expect(record.state == .completed(response))
            #expect(record.fingerprint == fingerprint)
            #expect(record.expiresAt == now.addingTimeInterval(60))
            #expect(try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") } == 1)
            // Expired at its expiry time, as every store judges it.
            #expect(try await store.record(for: id, now: now.addingTimeInterval(60)) == nil)
        }
    }

    @Test func storedAnswerRollsBackWithTheDomainRow() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let id = try id("k1")
            let (fingerprint, response, now) = (fingerprint, response, now)
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await pool.write { db in
                    try db.execute(sql: "INSERT INTO events (id, machine) VALUES ('e1', '17')")
                    try SQLiteIdempotencyStore.storeCompleted(
                        id, fingerprint: fingerprint, response: response, now: now, expiresAt: now.addingTimeInterval(60), in: db
                    )
                    throw Abort()
                }
            }
            let (record, events) = try await pool.read { db in
                (try SQLiteIdempotencyStore.record(for: id, now: now, in: db), try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events"))
            }
            #expect(record == nil)
            #expect(events == 0)
        }
    }

    @Test func storedAnswerReplacesAnExpiredOrInFlightRecordButNotALiveAnswer() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let store = SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger)
            let (expired, inFlight, answered) = (try id("expired"), try id("in-flight"), try id("answered"))
            let (fingerprint, response, now) = (fingerprint, response, now)
            let lease = IdempotencyLease(token: LeaseToken(rawValue: "t1"), expiresAt: now.addingTimeInterval(30))
            for (id, at) in [(expired, now.addingTimeInterval(-120)), (inFlight, now)] {
                let request = IdempotencyClaimRequest(id: id, fingerprint: fingerprint, lease: lease, now: at, expiresAt: at.addingTimeInterval(60))
                #expect(try await store.claim(request) == .claimed)
            }
            try await pool.write { db in
                for id in [expired, inFlight, answered] {
                    try SQLiteIdempotencyStore.storeCompleted(
                        id, fingerprint: fingerprint, response: response, now: now, expiresAt: now.addingTimeInterval(60), in: db
                    )
                }
            }
            for id in [expired, inFlight, answered] {
                #expect(try await store.record(for: id, now: now)?.state == .completed(response))
            }
            let error = await #expect(throws: IdempotencyError.self) {
                try await pool.write { db in
                    try SQLiteIdempotencyStore.storeCompleted(
                        answered, fingerprint: fingerprint, response: IdempotentResponse(status: 500), now: now,
                        expiresAt: now.addingTimeInterval(60), in: db
                    )
                }
            }
            #expect(error?.code == .leaseLost)
            #expect(try await store.record(for: answered, now: now)?.state == .completed(response))
        }
    }

    @Test func storedAnswerOverTheSizeLimitIsRefused() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            let id = try id("big")
            let (fingerprint, now) = (fingerprint, now)
            let error = await #expect(throws: IdempotencyError.self) {
                try await pool.write { db in
                    try SQLiteIdempotencyStore.storeCompleted(
                        id, fingerprint: fingerprint, response: IdempotentResponse(status: 200, body: Array(repeating: 7, count: 200)),
                        now: now, expiresAt: now.addingTimeInterval(60), maximumResponseSize: 100, in: db
                    )
                }
            }
            #expect(error?.code == .responseTooLarge)
        }
    }

    @Test func fileCreatedBySQLiteNIOVersionOpensWithItsRecords() async throws {
        try await TemporarySQLiteDatabase.with { database in
            let id = try id("old")
            let encoded = try response.encoded()
            do {
                // The table, index and a completed record as the sqlite-nio store wrote them.
                let old = try database.openQueue()
                try await old.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: """
                        CREATE TABLE idempotency_records (
                            scope_principal TEXT NOT NULL, scope_route TEXT NOT NULL, idempotency_key TEXT NOT NULL,
                            fingerprint BLOB NOT NULL, state INTEGER NOT NULL, lease_token TEXT, lease_expires_at INTEGER,
                            response BLOB, expires_at INTEGER NOT NULL,
                            PRIMARY KEY (scope_principal, scope_route, idempotency_key)
                        ) WITHOUT ROWID;
                        CREATE INDEX idempotency_records_expires_at ON idempotency_records (expires_at);
                        """)
                    try db.execute(
                        sql: "INSERT INTO idempotency_records VALUES (?, ?, ?, ?, 1, NULL, NULL, ?, ?)",
                        arguments: [scope.principal, scope.route, "old", Data(fingerprint.bytes), Data(encoded), 1_800_000_060_000]
                    )
                }
                try old.close()
            }
            let store = try await database.openStore()
            let record = try #require(try await store.record(for: id, now: now))
            #expect(record.state == .completed(response))
            #expect(record.expiresAt == now.addingTimeInterval(60))
        }
    }
}
