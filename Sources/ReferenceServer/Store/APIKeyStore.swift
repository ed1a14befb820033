/// API keys for `/api/ext`: only hashes are stored.
protocol APIKeyStore: Sendable {
    /// Stores a key's hash under a new id.
    func insert(id: String, name: String, tenantId: String, keyHash: String, createdAt: Int) async throws

    /// The key id and tenant of an active (not revoked) key with this hash.
    func activeKey(hash: String) async throws -> (id: String, tenantId: String)?
}
