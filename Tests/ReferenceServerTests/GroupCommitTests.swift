import Foundation
import GRDB
@testable import ReferenceServer
import Synchronization
import Testing

@Suite("SQLite group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    static func pool() throws -> (DatabasePool, URL) {
        let directory = TemporaryDirectory.make()
        let pool = try DatabasePool(path: directory.appendingPathComponent("group.sqlite").path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE items (n INTEGER PRIMARY KEY)") }
        return (pool, directory)
    }

    @Test("writes that queue up commit together, and the one that fails rolls back alone")
    func aFailingWriteDoesNotUndoTheOthers() async throws {
        let (pool, directory) = try Self.pool()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = SQLiteGroupWriter(pool: pool)
        // Holds the writer while the others queue behind it, so they form one batch.
        let gate = Mutex(false)
        async let blocker: Void = writer.write { db in
            try db.execute(sql: "INSERT INTO items (n) VALUES (0)")
            while !gate.withLock({ $0 }) { usleep(1000) }
        }
        try await Task.sleep(for: .milliseconds(50))
        let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for n in 1...20 {
                group.addTask {
                    do {
                        try await writer.write { db in
                            try db.execute(sql: "INSERT INTO items (n) VALUES (?)", arguments: [n])
                            if n == 7 { throw Refused() }
                        }
                        return (n, true)
                    } catch is Refused {
                        return (n, false)
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(100))
            gate.withLock { $0 = true }
            var results: [Int: Bool] = [:]
            for try await (n, ok) in group { results[n] = ok }
            return results
        }
        try await blocker
        #expect(results.filter { !$0.value }.map(\.key) == [7])
        let stored = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM items ORDER BY n") }
        #expect(stored == [0] + (1...20).filter { $0 != 7 })
        // The blocker's transaction, then the 20 queued writes in far fewer transactions.
        let counts = writer.counts
        #expect(counts.writes == 21)
        #expect(counts.transactions < 6, "\(counts)")
    }

    @Test("a caller is answered only once its data is committed: a reader sees it at once")
    func answeredAfterCommit() async throws {
        let (pool, directory) = try Self.pool()
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = SQLiteGroupWriter(pool: pool)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 1...200 {
                group.addTask {
                    try await writer.write { db in try db.execute(sql: "INSERT INTO items (n) VALUES (?)", arguments: [n]) }
                    let seen = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT n FROM items WHERE n = ?", arguments: [n]) }
                    #expect(seen == n)
                }
            }
            try await group.waitForAll()
        }
    }

    @Test("a failed commit fails every write of its batch and runs the failure hook")
    func failedCommitFailsTheBatch() async throws {
        let (pool, directory) = try Self.pool()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await pool.write { db in
            try db.execute(sql: "CREATE TABLE parent (id INTEGER PRIMARY KEY)")
            try db.execute(sql: "CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
        }
        let hookRan = Mutex(false)
        let writer = SQLiteGroupWriter(pool: pool, onFailedCommit: { hookRan.withLock { $0 = true } })
        // A deferred foreign key fails at COMMIT, not in the savepoint.
        await #expect(throws: (any Error).self) {
            try await writer.write { db in try db.execute(sql: "INSERT INTO child (parent) VALUES (42)") }
        }
        #expect(hookRan.withLock { $0 })
        try await writer.write { db in try db.execute(sql: "INSERT INTO items (n) VALUES (1)") }
        let stored = try await pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM items") }
        #expect(stored == [1])
    }
}
