import GRDB

/// API key hashes in `api_keys`.
struct SQLiteAPIKeyStore: APIKeyStore {
    let pool: DatabasePool
    let writer: SQLiteGroupWriter

    func insert(id: String, name: String, tenantId: String, keyHash: String, createdAt: Int) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO api_keys (id, tenant_id, name, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, tenantId, name, keyHash, createdAt]
            )
        }
    }

    func activeKey(hash: String) async throws -> (id: String, tenantId: String)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, tenant_id FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"),
                arguments: [hash]
            ), let id: String = row["id"], let tenant: String = row["tenant_id"] else { return nil }
            return (id, tenant)
        }
    }
}
