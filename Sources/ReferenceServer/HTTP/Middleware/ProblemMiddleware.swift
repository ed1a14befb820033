import Foundation
import HTTPTypes
import Hummingbird
import Logging
import MTConnectCoreAPI
import NIOHTTP1
import OpenAPIRuntime

/// Turns every error into a problem document: the handlers' ``HTTPProblem``s as they are,
/// decoding failures of the generated code as 400 (not JSON) or 422 (the field named), router
/// errors by their status, and anything else as 500 without internals.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPParserError {
            // A broken request stream (bad chunk size, unsupported transfer coding): Hummingbird
            // answers 400 and closes the connection, which is all that can be done with it.
            throw error
        } catch {
            let problem = Self.problem(for: error, in: request)
            if problem.status.code >= 500 {
                logger.error(
                    "Request failed",
                    metadata: ["request_id": .string(RequestIdentifier.current ?? "-"), "error": .string(Self.summary(of: error))]
                )
            }
            return problem.response(requestId: RequestIdentifier.current, instance: request.uri.path)
        }
    }

    /// What a log line may say about an error: its type and, for the generated code's wrapper,
    /// the operation and the underlying error's type. The wrapper's own description embeds the
    /// whole request, headers included, so it is never logged.
    static func summary(of error: any Error) -> String {
        if let error = error as? OpenAPIRuntime.ServerError {
            return "\(error.operationID): \(summary(of: error.underlyingError))"
        }
        if let error = error as? HTTPProblem { return "HTTPProblem \(error.status.code) \(error.type)" }
        // The backend's own words (an SQLite result code and message), never request data.
        if let error = error as? StoreUnavailable { return error.description }
        return String(reflecting: type(of: error))
    }

    /// The problem for `error`. A decoding failure in a request without a body is a parameter's
    /// (query, path, header): 400 naming the parameter; in a body, 422 naming the field.
    /// `request` is `nil` for errors mapped outside a request (``HTTPProblem/init(answering:)``):
    /// they are treated as a body's.
    static func problem(for error: any Error, in request: Request?) -> HTTPProblem {
        let hasBody = request?.method.carriesBody ?? true
        switch error {
        case let problem as HTTPProblem:
            return problem
        case is StoreUnavailable:
            return .storeUnavailable()
        case let error as OpenAPIRuntime.ServerError:
            return problem(for: error.underlyingError, in: request)
        case let error as DecodingError where !hasBody:
            let name = Self.codingPath(of: error).first?.stringValue ?? Self.parameter(failing: error, in: request)
            return .badRequest("The parameter\(name.map { " \($0)" } ?? "") is not valid: \(Self.reason(error)).", field: name)
        case let error as DecodingError:
            return Self.problem(for: error)
        case let error as InvalidDateTime where !hasBody:
            let name = request?.uri.queryParameters.first { String($0.value) == error.text }.map { String($0.key) }
            return .badRequest(error.description, field: name)
        case let error as InvalidDateTime:
            // Bodies are located by BodyPolicyMiddleware, which holds them; this is the fallback.
            return .invalidField("/", error.description)
        case let error as any HTTPResponseConvertible where (400..<500).contains(error.httpStatus.code):
            // The runtime's own request errors (a required header missing, a content type it
            // cannot read): their status, and a description that names only the field.
            return HTTPProblem(
                status: error.httpStatus, type: error.httpStatus == .unsupportedMediaType ? "unsupported-media-type" : "bad-request",
                title: error.httpStatus.reasonPhrase, detail: String(String(describing: error).prefix(300))
            )
        case let error as HTTPError:
            return HTTPProblem(
                status: error.status,
                type: error.status == .notFound ? "not-found" : "http-\(error.status.code)",
                title: error.status.reasonPhrase,
                detail: error.body
            )
        default:
            return .internalError()
        }
    }

    private static func codingPath(of error: DecodingError) -> [any CodingKey] {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context): context.codingPath
        case .keyNotFound(let key, let context): context.codingPath + [key]
        @unknown default: []
        }
    }

    /// The query parameter a type mismatch is about: the runtime decodes each parameter on its
    /// own, so the coding path is empty; the first whose text is not of the expected type is it.
    private static func parameter(failing error: DecodingError, in request: Request?) -> String? {
        guard let request else { return nil }
        guard case .typeMismatch(let type, _) = error else { return nil }
        let fits: (Substring) -> Bool = switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: { Int64($0) != nil }
        case is Double.Type, is Float.Type: { Double($0) != nil }
        case is Bool.Type: { $0 == "true" || $0 == "false" }
        default: { _ in true }
        }
        return request.uri.queryParameters.first { !fits($0.value) }.map { String($0.key) }
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, _): "expected a value of type \(type)"
        case .valueNotFound(let type, _): "expected a value of type \(type)"
        case .keyNotFound: "it is required"
        case .dataCorrupted: "it could not be read"
        @unknown default: "it could not be read"
        }
    }

    static func problem(for error: DecodingError) -> HTTPProblem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("The body is not valid JSON.")
        case .dataCorrupted(let context) where context.debugDescription.hasPrefix("Additional properties are disabled"):
            // The generator's wording; the path ends at the first unknown member.
            return .invalidField(pointer(context.codingPath), "Unknown field; this object has no such member (see /openapi.yaml).")
        case .dataCorrupted(let context):
            return .invalidField(pointer(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            return .invalidField(pointer(context.codingPath + [key]), "This field is required.")
        case .typeMismatch(let type, let context):
            return .invalidField(pointer(context.codingPath), "Expected a value of type \(type).")
        case .valueNotFound(let type, let context):
            return .invalidField(pointer(context.codingPath), "Expected a value of type \(type), found null.")
        @unknown default:
            return .badRequest("The body could not be decoded.")
        }
    }

    /// A JSON pointer such as `/observations/3/timestamp`.
    static func pointer(_ path: [any CodingKey]) -> String {
        let components = path.compactMap { key -> String? in
            if let index = key.intValue { return String(index) }
            // The generator wraps oneOf/allOf payloads in containers whose keys are not fields.
            if key.stringValue.hasPrefix("value") && Int(key.stringValue.dropFirst(5)) != nil { return nil }
            return key.stringValue.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
        return "/" + components.joined(separator: "/")
    }
}

extension HTTPProblem {
    /// The problem the server answers `error` with in a request that has a body — what
    /// ``ProblemMiddleware`` does for a `POST` — for code that maps errors outside a request.
    init(answering error: any Error) {
        self = ProblemMiddleware<ServerRequestContext>.problem(for: error, in: nil)
    }
}
