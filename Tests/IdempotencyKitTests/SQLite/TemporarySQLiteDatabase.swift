import Foundation
import IdempotencyKit
import Logging
import SQLiteNIO
import Synchronization

/// A database file in a fresh temporary directory, and every store opened on it, all closed
/// and deleted by ``remove()``.
final class TemporarySQLiteDatabase: Sendable {
    let directory: URL
    let path: String
    private let stores = Mutex<[SQLiteIdempotencyStore]>([])
    private let connections = Mutex<[SQLiteConnection]>([])

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("idempotency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("records.sqlite").path
    }

    func openStore(configuration: SQLiteIdempotencyStoreConfiguration = .init()) async throws -> SQLiteIdempotencyStore {
        let store = try await SQLiteIdempotencyStore.open(path: path, configuration: configuration, logger: Logger(label: "sqlite-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        stores.withLock { $0.append(store) }
        return store
    }

    /// A second connection to the same file, as an application's domain code would hold.
    func openConnection() async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: Logger(label: "sqlite-test", factory: { _ in SwiftLogNoOpLogHandler() }))
        connections.withLock { $0.append(connection) }
        try await SQLiteIdempotencyStore.configure(connection)
        return connection
    }

    func remove() async {
        for store in stores.withLock({ $0 }) {
            try? await store.close()
        }
        for connection in connections.withLock({ $0 }) {
            try? await connection.close()
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
