import Foundation
import GRDB
import IdempotencyKit
import Logging
import NIOPosix
import OutboxKit

/// The embedded backend: one SQLite file with one owner in the process.
///
/// A GRDB `DatabasePool` (WAL) gives one writer connection and a few readers. Every write of
/// the server goes FIFO through ``SQLiteGroupWriter`` on that writer, group-committed; OutboxKit's
/// and IdempotencyKit's stores run on the same pool (their relay and sweeper writes queue on the
/// same writer), and one migrator creates every table: the server's, the outbox's and the
/// idempotency records'.
final class SQLiteBackend: ServerBackend {
    let name = "sqlite"
    let path: String
    let pool: DatabasePool
    let writer: SQLiteGroupWriter
    let machines: any MachineStore
    let telemetry: any TelemetryStore
    let machineState: any MachineStateStore
    let ingest: any IngestStore
    let events: any EventStore
    let apiKeys: any APIKeyStore
    let idempotency: any IdempotencyStore
    let outbox: any OutboxStore

    private init(path: String, pool: DatabasePool, logger: Logger) {
        self.path = path
        self.pool = pool
        let states = SQLiteMachineStateStore(pool: pool)
        writer = SQLiteGroupWriter(pool: pool, onFailedCommit: { states.forget() })
        machines = SQLiteMachineStore(pool: pool, writer: writer)
        telemetry = SQLiteTelemetryStore(pool: pool, writer: writer)
        machineState = states
        ingest = SQLiteIngestStore(writer: writer, states: states)
        events = SQLiteEventStore(writer: writer)
        apiKeys = SQLiteAPIKeyStore(pool: pool, writer: writer)
        idempotency = SQLiteIdempotencyStore(writer: pool, logger: logger)
        outbox = SQLiteOutboxStore(writer: pool, logger: logger)
    }

    /// Opens (creating if needed) the file and applies every pending migration.
    ///
    /// - Throws: ``ReferenceServerError/storage(_:)`` naming the file when it cannot be opened
    ///   or is from a newer server.
    static func open(path: String, logger: Logger) async throws -> SQLiteBackend {
        var settings = Configuration()
        // Another process on the same file (`mtc outbox`, a second server) waits, bounded.
        settings.busyMode = .timeout(5)
        settings.maximumReaderCount = 4
        settings.prepareDatabase { db in
            // A group commit of ingest batches is megabytes of pages: with SQLite's default
            // 2 MB cache they spilled to the WAL mid-transaction (a sixth of ingest's time).
            // Only the writer's cache is raised; readers keep the default.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -32768") }
        }
        let configuration = settings
        // Opening and migrating block on the file: not on the cooperative pool.
        return try await NIOThreadPool.singleton.runIfActive {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                var migrator = DatabaseMigrator()
                SQLiteServerSchema.registerMigrations(in: &migrator)
                SQLiteOutboxStore.registerMigrations(in: &migrator)
                SQLiteIdempotencyStore.registerMigrations(in: &migrator)
                if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                    throw ReferenceServerError.storage(
                        "The database file \(path) was written by a newer mtc-server (it has migrations this one does not know); use a newer mtc-server."
                    )
                }
                try migrator.migrate(pool)
                return SQLiteBackend(path: path, pool: pool, logger: logger)
            } catch let error as ReferenceServerError {
                throw error
            } catch {
                throw ReferenceServerError.storage("Could not open the database file \(path): \(error)")
            }
        }
    }

    func publisher(over publisher: any OutboxPublisher) -> any OutboxPublisher {
        SQLiteStoredBatch.Publisher(pool: pool, inner: publisher)
    }

    func isReachable() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) != nil
    }

    func close() async {
        try? pool.close()
    }
}
