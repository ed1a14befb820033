import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Establishes the ``Principal`` by path: the internal token on `/internal`, a JWT on
/// `/api/v1`, an API key on `/api/ext`. Operations routes need none.
struct AuthenticationMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: TokenIssuer
    let apiKeys: APIKeys
    let internalToken: String?
    let tenantId: String

    /// Whether requests to `path` must authenticate; the operations routes need not.
    static func authenticates(_ path: String) -> Bool {
        path.hasPrefix("/internal/") || path.hasPrefix("/api/v1/") || path.hasPrefix("/api/ext/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let principal: Principal?
        if !Self.authenticates(path) {
            principal = nil
        } else if path.hasPrefix("/internal/") {
            principal = try authenticateAdapter(request)
        } else if path.hasPrefix("/api/v1/") {
            principal = try await authenticateUser(request)
        } else {
            principal = try await authenticateAPIKey(request)
        }
        return try await Principal.$current.withValue(principal) {
            try await next(request, context)
        }
    }

    private func bearer(_ request: Request) -> String? {
        guard let header = request.headers[.authorization], header.count > 7,
              header.prefix(7).lowercased() == "bearer "
        else { return nil }
        return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    private func authenticateAdapter(_ request: Request) throws -> Principal {
        guard let expected = internalToken else {
            throw HTTPProblem.unauthorized("/internal is disabled: the server has no MTC_INTERNAL_TOKEN.")
        }
        guard let token = bearer(request) else {
            throw HTTPProblem.unauthorized("Send the internal token as Authorization: Bearer <token>.")
        }
        // Comparing digests keeps the comparison time independent of where the strings differ.
        guard SHA256.hash(data: Data(token.utf8)) == SHA256.hash(data: Data(expected.utf8)) else {
            throw HTTPProblem.unauthorized("The internal token is wrong.")
        }
        return .adapter(tenantId: tenantId)
    }

    private func authenticateUser(_ request: Request) async throws -> Principal {
        guard let token = bearer(request) else {
            throw HTTPProblem.unauthorized("Send an access token as Authorization: Bearer <JWT>.")
        }
        guard let principal = await tokens.principal(forToken: token) else {
            throw HTTPProblem.unauthorized("The access token is expired, malformed or not signed by this server's key.")
        }
        return principal
    }

    private func authenticateAPIKey(_ request: Request) async throws -> Principal {
        guard let key = request.headers[.apiKey] else {
            throw HTTPProblem.unauthorized("Send the API key in the X-API-Key header.")
        }
        guard let principal = try await apiKeys.principal(forKey: key) else {
            throw HTTPProblem.unauthorized("The API key is unknown or revoked.")
        }
        return principal
    }
}
