import Foundation
import HTTPTypes
import MTConnectCoreAPI
import OpenAPIRuntime

/// Turns every 4xx/5xx into a ``CoreClientError`` carrying the problem document, so the
/// facade only ever decodes successful responses.
struct ProblemMiddleware: ClientMiddleware {
    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, responseBody) = try await next(request, body, baseURL)
        guard response.status.code >= 400 else { return (response, responseBody) }
        var problem: Problem?
        if let responseBody, let bytes = try? await [UInt8](collecting: responseBody, upTo: 1 << 20),
           let document = try? JSONDecoder().decode(Components.Schemas.Problem.self, from: Data(bytes)) {
            problem = Problem(
                type: document._type, title: document.title, status: document.status, detail: document.detail,
                requestId: document.requestId,
                errors: (document.errors ?? []).map { Problem.FieldError(field: $0.field, message: $0.message) }
            )
        }
        throw CoreClientError.server(status: response.status.code, problem: problem)
    }
}
