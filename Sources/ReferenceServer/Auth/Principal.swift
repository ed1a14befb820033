/// Who is calling, established by the authentication middleware for the current request.
enum Principal: Sendable, Equatable {
    /// A JWT holder on `/api/v1`.
    case user(subject: String, role: Role, tenantId: String)
    /// An API key on `/api/ext`; `keyId` scopes idempotency keys.
    case apiKey(keyId: String, tenantId: String)
    /// An adapter with the internal token on `/internal`.
    case adapter(tenantId: String)

    var tenantId: String {
        switch self {
        case .user(_, _, let tenantId), .apiKey(_, let tenantId), .adapter(let tenantId): tenantId
        }
    }

    /// The principal of the request being handled; set by `AuthenticationMiddleware`.
    @TaskLocal static var current: Principal?
}
