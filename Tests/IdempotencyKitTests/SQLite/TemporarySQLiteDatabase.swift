import Foundation
import GRDB
import IdempotencyKit
import Logging
import Synchronization

/// A database file in a fresh temporary directory, and every store and pool opened on it, all
/// closed and deleted by ``remove()``.
final class TemporarySQLiteDatabase: Sendable {
    let directory: URL
    let path: String
    private let stores = Mutex<[SQLiteIdempotencyStore]>([])
    private let writers = Mutex<[any DatabaseWriter]>([])

    static let logger = Logger(label: "sqlite-test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("idempotency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("records.sqlite").path
    }

    /// A store with a pool of its own on the file.
    func openStore(configuration: SQLiteIdempotencyStoreConfiguration = .init()) async throws -> SQLiteIdempotencyStore {
        let store = try await SQLiteIdempotencyStore.open(path: path, configuration: configuration, logger: Self.logger)
        stores.withLock { $0.append(store) }
        return store
    }

    /// The application's own pool on the file, with its `events` table and the store's table
    /// created by one migrator.
    func openHost() throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: SQLiteIdempotencyStore.databaseConfiguration())
        var migrator = DatabaseMigrator()
        migrator.registerMigration("host-v1") { db in
            try db.execute(sql: "CREATE TABLE events (id TEXT PRIMARY KEY, machine TEXT NOT NULL)")
        }
        SQLiteIdempotencyStore.registerMigrations(in: &migrator)
        try migrator.migrate(pool)
        writers.withLock { $0.append(pool) }
        return pool
    }

    /// A plain connection to the file, as another process would hold.
    func openQueue() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        writers.withLock { $0.append(queue) }
        return queue
    }

    func remove() async {
        for store in stores.withLock({ $0 }) {
            try? await store.close()
        }
        for writer in writers.withLock({ $0 }) {
            try? writer.close()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a fresh database and removes it afterwards, whether `body` throws or not.
    static func with<T>(_ body: (TemporarySQLiteDatabase) async throws -> T) async throws -> T {
        let database = try TemporarySQLiteDatabase()
        do {
            let result = try await body(database)
            await database.remove()
            return result
        } catch {
            await database.remove()
            throw error
        }
    }
}
