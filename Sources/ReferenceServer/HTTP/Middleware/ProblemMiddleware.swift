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
            let problem = problem(for: error)
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
        return String(reflecting: type(of: error))
    }

    func problem(for error: any Error) -> HTTPProblem {
        HTTPProblem(answering: error)
    }
}

extension HTTPProblem {
    /// The problem the server answers `error` with.
    init(answering error: any Error) {
        self = Self.problem(for: error)
    }

    private static func problem(for error: any Error) -> HTTPProblem {
        switch error {
        case let problem as HTTPProblem:
            return problem
        case let error as OpenAPIRuntime.ServerError:
            return problem(for: error.underlyingError)
        case let error as DecodingError:
            return problem(for: error)
        case let error as InvalidDateTime:
            return .invalidField("date-time", error.description)
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

    static func problem(for error: DecodingError) -> HTTPProblem {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("The body is not valid JSON.")
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
