import GRDB

/// Machines in the server's SQLite file.
struct SQLiteMachineStore: MachineStore {
    let pool: DatabasePool
    let writer: SQLiteGroupWriter

    static let columns = "id, tenant_id, external_id, name, source, created_at, updated_at"

    func create(_ record: MachineRecord) async throws -> MachineWriteOutcome {
        try await writer.write { db in
            if try Self.externalIdTaken(record.externalId, tenantId: record.tenantId, excluding: nil, in: db) {
                return .duplicateExternalId
            }
            try db.cachedStatement(sql: "INSERT INTO machines (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)").execute(
                arguments: [record.id, record.tenantId, record.externalId, record.name, record.sourceJSON,
                            record.createdAt, record.updatedAt]
            )
            try db.cachedStatement(sql: "INSERT INTO machine_state (machine_id, updated_at) VALUES (?, ?)")
                .execute(arguments: [record.id, record.createdAt])
            try db.cachedStatement(sql: "INSERT INTO machine_keys (machine_id) VALUES (?)").execute(arguments: [record.id])
            return .written(record)
        }
    }

    func update(
        id: String, tenantId: String, change: @escaping @Sendable (inout MachineRecord) -> Void
    ) async throws -> MachineWriteOutcome {
        try await writer.write { db in
            guard var record = try Self.machine(id: id, tenantId: tenantId, in: db) else { return .notFound }
            change(&record)
            record.updatedAt = StoreTime.nowMilliseconds()
            if try Self.externalIdTaken(record.externalId, tenantId: tenantId, excluding: id, in: db) {
                return .duplicateExternalId
            }
            try db.cachedStatement(
                sql: "UPDATE machines SET external_id = ?, name = ?, source = ?, updated_at = ? WHERE id = ? AND tenant_id = ?"
            ).execute(arguments: [record.externalId, record.name, record.sourceJSON, record.updatedAt, id, tenantId])
            return .written(record)
        }
    }

    func delete(id: String, tenantId: String) async throws -> Bool {
        try await writer.write { db in
            guard try Self.machine(id: id, tenantId: tenantId, in: db) != nil else { return false }
            if let key = try SQLiteTelemetryStore.key(ofMachine: id, in: db) {
                try db.execute(sql: "DELETE FROM telemetry WHERE machine_key = ?", arguments: [key])
                try db.execute(sql: "DELETE FROM machine_keys WHERE key = ?", arguments: [key])
            }
            try db.execute(sql: "DELETE FROM machines WHERE id = ?", arguments: [id])
            return true
        }
    }

    func machine(id: String, tenantId: String) async throws -> MachineRecord? {
        try await pool.read { db in try Self.machine(id: id, tenantId: tenantId, in: db) }
    }

    func machine(externalId: String, tenantId: String) async throws -> MachineRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.columns) FROM machines WHERE tenant_id = ? AND external_id = ?"),
                arguments: [tenantId, externalId]
            ).map(MachineRecord.init(row:))
        }
    }

    func machine(reference: String, tenantId: String) async throws -> MachineRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db.cachedStatement(sql: """
                    SELECT \(Self.columns) FROM machines
                    WHERE tenant_id = ? AND (id = ? OR external_id = ?)
                    ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1
                    """),
                arguments: [tenantId, reference.lowercased(), reference, reference.lowercased()]
            ).map(MachineRecord.init(row:))
        }
    }

    func all() async throws -> [MachineRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM machines ORDER BY created_at, id").map(MachineRecord.init(row:))
        }
    }

    func list(tenantId: String, limit: Int, after: PageCursor?) async throws -> [MachineRecord] {
        try await pool.read { db in
            if let after {
                return try Row.fetchAll(
                    db.cachedStatement(sql: """
                        SELECT \(Self.columns) FROM machines
                        WHERE tenant_id = ? AND (created_at > ? OR (created_at = ? AND id > ?))
                        ORDER BY created_at, id LIMIT ?
                        """),
                    arguments: [tenantId, after.position, after.position, after.id, limit]
                ).map(MachineRecord.init(row:))
            }
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.columns) FROM machines WHERE tenant_id = ? ORDER BY created_at, id LIMIT ?"),
                arguments: [tenantId, limit]
            ).map(MachineRecord.init(row:))
        }
    }

    static func machine(id: String, tenantId: String, in db: Database) throws -> MachineRecord? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(columns) FROM machines WHERE id = ? AND tenant_id = ?"),
            arguments: [id.lowercased(), tenantId]
        ).map(MachineRecord.init(row:))
    }

    private static func externalIdTaken(_ externalId: String, tenantId: String, excluding id: String?, in db: Database) throws -> Bool {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM machines WHERE tenant_id = ? AND external_id = ? AND id != ?"),
            arguments: [tenantId, externalId, id ?? ""]
        ) != nil
    }
}

extension MachineRecord {
    init(row: Row) throws {
        guard let id: String = row["id"], let tenantId: String = row["tenant_id"],
              let externalId: String = row["external_id"], let name: String = row["name"],
              let source: String = row["source"], let createdAt: Int = row["created_at"],
              let updatedAt: Int = row["updated_at"]
        else { throw ReferenceServerError.storage("A machines row is incomplete.") }
        self.init(
            id: id, tenantId: tenantId, externalId: externalId, name: name, sourceJSON: source,
            createdAt: createdAt, updatedAt: updatedAt
        )
    }
}
