import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A request failure that becomes an RFC 9457 problem document (`application/problem+json`).
struct HTTPProblem: Error, HTTPResponseError, Sendable {
    struct FieldError: Codable, Sendable, Equatable {
        var field: String
        var message: String
    }

    var status: HTTPResponse.Status
    /// The last path segment of the problem type URI, e.g. `idempotency-key-reused`.
    var type: String
    var title: String
    var detail: String?
    var errors: [FieldError] = []
    var headers: HTTPFields = [:]

    static let typeBase = "https://mtconnect-core.dev/problems/"

    func response(from request: Request, context: some RequestContext) throws -> Response {
        response(requestId: RequestIdentifier.current, instance: request.uri.path)
    }

    func response(requestId: String?, instance: String?) -> Response {
        struct Document: Encodable {
            var type: String
            var title: String
            var status: Int
            var detail: String?
            var instance: String?
            var requestId: String?
            var errors: [FieldError]?
        }
        let document = Document(
            type: Self.typeBase + type, title: title, status: status.code, detail: detail,
            instance: instance, requestId: requestId, errors: errors.isEmpty ? nil : errors
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = (try? encoder.encode(document)) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension HTTPProblem {
    static func badRequest(_ detail: String, field: String? = nil) -> HTTPProblem {
        HTTPProblem(
            status: .badRequest, type: "bad-request", title: "Bad request", detail: detail,
            errors: field.map { [FieldError(field: $0, message: detail)] } ?? []
        )
    }

    static func invalidField(_ field: String, _ message: String) -> HTTPProblem {
        HTTPProblem(
            status: .unprocessableContent, type: "validation-failed", title: "A field is invalid",
            detail: "\(field): \(message)", errors: [FieldError(field: field, message: message)]
        )
    }

    static func unauthorized(_ detail: String) -> HTTPProblem {
        HTTPProblem(status: .unauthorized, type: "unauthorized", title: "Unauthorized", detail: detail)
    }

    static func forbidden(_ detail: String) -> HTTPProblem {
        HTTPProblem(status: .forbidden, type: "forbidden", title: "Forbidden", detail: detail)
    }

    static func machineNotFound(_ reference: String) -> HTTPProblem {
        HTTPProblem(
            status: .notFound, type: "machine-not-found", title: "Machine not found",
            detail: "No machine \"\(reference.prefix(128))\" exists in this tenant."
        )
    }

    static func conflict(_ detail: String) -> HTTPProblem {
        HTTPProblem(status: .conflict, type: "conflict", title: "Conflict", detail: detail)
    }

    static func tooManyRequests(retryAfterSeconds: Int) -> HTTPProblem {
        HTTPProblem(
            status: .tooManyRequests, type: "rate-limited", title: "Too many requests",
            detail: "This caller has used up its request rate; retry after \(retryAfterSeconds) s.",
            headers: [.retryAfter: String(retryAfterSeconds)]
        )
    }

    static func overloaded(limit: Int) -> HTTPProblem {
        HTTPProblem(
            status: .serviceUnavailable, type: "overloaded", title: "Server overloaded",
            detail: "The server already has \(limit) write requests in progress; retry after 1 s.",
            headers: [.retryAfter: "1"]
        )
    }

    static func storeUnavailable() -> HTTPProblem {
        HTTPProblem(
            status: .serviceUnavailable, type: "store-unavailable", title: "Store unavailable",
            detail: "The server's store cannot take writes right now and nothing was committed; retry after 1 s with the same Idempotency-Key.",
            headers: [.retryAfter: "1"]
        )
    }

    static func internalError() -> HTTPProblem {
        HTTPProblem(
            status: .internalServerError, type: "internal-error", title: "Internal server error",
            detail: "The server failed to handle the request; the log has details under this request id."
        )
    }
}
