/// API keys for `/api/ext`: only hashes are stored.
protocol APIKeyStore: Sendable {
    /// Stores a key's hash under a new id.
    func insert(id: String, name: String, tenantId: String, keyHash: String, createdAt: Int) async throws

    /// The key id and tenant of an active (not revoked) key with this hash.
    func activeKey(hash: String) async throws -> (id: String, tenantId: String)?

    /// Every key of a tenant, revoked ones included, oldest first; never a hash.
    func list(tenantId: String) async throws -> [APIKeyInfo]

    /// Marks a key revoked at `at` (milliseconds); `false` when the tenant has no such key or
    /// it was revoked already. A revoked key is refused from the next request on.
    func revoke(id: String, tenantId: String, at: Int) async throws -> Bool
}

/// What an operator may see of an API key: never the key or its hash.
public struct APIKeyInfo: Sendable, Equatable, Codable {
    /// The key's id, used to revoke it.
    public var id: String
    /// The name given at creation, e.g. the consuming system.
    public var name: String
    public var tenantId: String
    /// Milliseconds since 1970.
    public var createdAt: Int
    /// Milliseconds since 1970; `nil` while the key is active.
    public var revokedAt: Int?

    public init(id: String, name: String, tenantId: String, createdAt: Int, revokedAt: Int?) {
        self.id = id
        self.name = name
        self.tenantId = tenantId
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}
