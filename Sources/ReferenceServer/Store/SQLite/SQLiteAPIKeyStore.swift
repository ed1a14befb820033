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

    func list(tenantId: String) async throws -> [APIKeyInfo] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, name, tenant_id, created_at, revoked_at FROM api_keys WHERE tenant_id = ? ORDER BY created_at, id",
                arguments: [tenantId]
            ).map { row in
                APIKeyInfo(id: row["id"], name: row["name"], tenantId: row["tenant_id"], createdAt: row["created_at"], revokedAt: row["revoked_at"])
            }
        }
    }

    func revoke(id: String, tenantId: String, at: Int) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND tenant_id = ? AND revoked_at IS NULL",
                arguments: [at, id, tenantId]
            )
            return db.changesCount == 1
        }
    }
}
