import Foundation
import SQLiteNIO

/// Machines in the SQLite file. Every query is scoped to one tenant.
struct MachineStore: Sendable {
    let database: ServerDatabase

    enum WriteOutcome: Sendable {
        case written(MachineRecord)
        case duplicateExternalId
        case notFound
    }

    func create(_ record: MachineRecord) async throws -> WriteOutcome {
        try await database.write { connection in
            if try await Self.exists(tenantId: record.tenantId, externalId: record.externalId, excluding: nil, on: connection) {
                return .duplicateExternalId
            }
            try await connection.run(
                "INSERT INTO machines (\(MachineRecord.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Self.binds(record)
            )
            try await connection.run(
                "INSERT INTO machine_state (machine_id, updated_at) VALUES (?, ?)",
                [.text(record.id), .integer(record.createdAt)]
            )
            return .written(record)
        }
    }

    func update(
        id: String,
        tenantId: String,
        change: @escaping @Sendable (inout MachineRecord) -> Void
    ) async throws -> WriteOutcome {
        try await database.write { connection in
            guard var record = try await Self.machine(id: id, tenantId: tenantId, on: connection) else {
                return .notFound
            }
            change(&record)
            record.updatedAt = StoreTime.nowMilliseconds()
            if try await Self.exists(tenantId: tenantId, externalId: record.externalId, excluding: id, on: connection) {
                return .duplicateExternalId
            }
            try await connection.run(
                "UPDATE machines SET external_id = ?, name = ?, source = ?, updated_at = ? WHERE id = ? AND tenant_id = ?",
                [.text(record.externalId), .text(record.name), .text(record.sourceJSON), .integer(record.updatedAt),
                 .text(id), .text(tenantId)]
            )
            return .written(record)
        }
    }

    /// Deletes the machine, its derived state and its telemetry. Returns whether it existed.
    func delete(id: String, tenantId: String) async throws -> Bool {
        try await database.write { connection in
            guard try await Self.machine(id: id, tenantId: tenantId, on: connection) != nil else { return false }
            try await connection.run("DELETE FROM telemetry WHERE machine_id = ?", [.text(id)])
            try await connection.run("DELETE FROM machines WHERE id = ?", [.text(id)])
            return true
        }
    }

    func machine(id: String, tenantId: String) async throws -> MachineRecord? {
        try await database.read { try await Self.machine(id: id, tenantId: tenantId, on: $0) }
    }

    /// Resolves an ext-API reference: the UUID first, then the external id.
    func machine(reference: String, tenantId: String) async throws -> MachineRecord? {
        try await database.read { connection in
            try await connection.run(
                """
                SELECT \(MachineRecord.columns) FROM machines
                WHERE tenant_id = ? AND (id = ? OR external_id = ?)
                ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1
                """,
                [.text(tenantId), .text(reference.lowercased()), .text(reference), .text(reference.lowercased())]
            ).first.map(MachineRecord.init(row:))
        }
    }

    /// Every machine of every tenant (for starting machine sources).
    func all() async throws -> [MachineRecord] {
        try await database.read { connection in
            try await connection.run("SELECT \(MachineRecord.columns) FROM machines ORDER BY created_at, id")
                .map(MachineRecord.init(row:))
        }
    }

    /// A page ordered by (createdAt, id), starting after `after`.
    func list(tenantId: String, limit: Int, after: PageCursor?) async throws -> [MachineRecord] {
        try await database.read { connection in
            if let after {
                return try await connection.run(
                    """
                    SELECT \(MachineRecord.columns) FROM machines
                    WHERE tenant_id = ? AND (created_at > ? OR (created_at = ? AND id > ?))
                    ORDER BY created_at, id LIMIT ?
                    """,
                    [.text(tenantId), .integer(after.position), .integer(after.position), .text(after.id), .integer(limit)]
                ).map(MachineRecord.init(row:))
            }
            return try await connection.run(
                "SELECT \(MachineRecord.columns) FROM machines WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?",
                [.text(tenantId), .integer(limit)]
            ).map(MachineRecord.init(row:))
        }
    }

    static func machine(id: String, tenantId: String, on connection: SQLiteConnection) async throws -> MachineRecord? {
        try await connection.run(
            "SELECT \(MachineRecord.columns) FROM machines WHERE id = ? AND tenant_id = ?",
            [.text(id.lowercased()), .text(tenantId)]
        ).first.map(MachineRecord.init(row:))
    }

    private static func exists(
        tenantId: String,
        externalId: String,
        excluding id: String?,
        on connection: SQLiteConnection
    ) async throws -> Bool {
        let rows = try await connection.run(
            "SELECT id FROM machines WHERE tenant_id = ? AND external_id = ? AND id != ?",
            [.text(tenantId), .text(externalId), .text(id ?? "")]
        )
        return !rows.isEmpty
    }

    private static func binds(_ record: MachineRecord) -> [SQLiteData] {
        [.text(record.id), .text(record.tenantId), .text(record.externalId), .text(record.name),
         .text(record.sourceJSON), .integer(record.createdAt), .integer(record.updatedAt)]
    }
}
