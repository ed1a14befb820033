/// The identity of one record: a key within a scope.
public struct IdempotencyRecordID: Hashable, Sendable, CustomStringConvertible {
    /// The caller and route the key belongs to.
    public let scope: IdempotencyScope
    /// The client's key.
    public let key: IdempotencyKey

    /// Creates a record identity.
    public init(scope: IdempotencyScope, key: IdempotencyKey) {
        self.scope = scope
        self.key = key
    }

    /// One string naming the record unambiguously, for stores with a flat key space (Redis).
    ///
    /// Each part is prefixed with its UTF-8 length, so no choice of principal, route and key
    /// can collide with another.
    public var storageKey: String {
        let parts = [scope.principal, scope.route, key.rawValue]
        return parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }

    public var description: String {
        "\(scope) key \(key)"
    }
}
