/// The namespace a key lives in: the caller's identity (API key id or tenant) and the route.
///
/// The same key sent by two callers, or to two routes, names two independent records.
public struct IdempotencyScope: Hashable, Sendable, CustomStringConvertible {
    /// Who sent the request: an API key id, a tenant id or another stable principal name.
    public let principal: String
    /// What the request does, e.g. `POST /api/ext/event`; use the route template, not the raw path.
    public let route: String

    /// Creates a scope.
    public init(principal: String, route: String) {
        self.principal = principal
        self.route = route
    }

    public var description: String {
        "\(principal) \(route)"
    }
}
