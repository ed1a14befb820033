import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Adds the credential each route family needs.
struct CredentialsMiddleware: ClientMiddleware {
    let apiKey: String?
    let accessToken: String?
    let internalToken: String?

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        let path = request.path ?? ""
        if path.hasPrefix("/api/ext/"), let apiKey {
            request.headerFields[HTTPField.Name("X-API-Key")!] = apiKey
        } else if path.hasPrefix("/api/v1/"), let accessToken {
            request.headerFields[.authorization] = "Bearer \(accessToken)"
        } else if path.hasPrefix("/internal/"), let internalToken {
            request.headerFields[.authorization] = "Bearer \(internalToken)"
        }
        return try await next(request, body, baseURL)
    }
}
