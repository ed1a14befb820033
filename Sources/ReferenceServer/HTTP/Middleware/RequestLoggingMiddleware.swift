import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import _MTCSupport

/// Gives every request an id (`X-Request-Id`, echoed back), logs one line per request and
/// records the request metrics by route template and status.
struct RequestLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestId = RequestIdentifier.make(from: request.headers[.requestID])
        let start = ContinuousClock.now
        var logger = logger
        logger[metadataKey: "request_id"] = .string(requestId)
        var response: Response
        do {
            response = try await RequestIdentifier.$current.withValue(requestId) {
                try await next(request, context)
            }
        } catch let error as HTTPParserError {
            logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "status": "400", "error": .string("malformed HTTP: \(error)"),
            ])
            metrics.recordRequest(route: "unmatched", method: request.method.rawValue, status: 400, duration: ContinuousClock.now - start)
            throw error
        } catch {
            // Errors normally become problem documents further in; this is the last resort.
            logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            response = HTTPProblem.internalError().response(requestId: requestId, instance: request.uri.path)
        }
        response.headers[.requestID] = requestId
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible(elapsed.timeInterval * 1000),
            ]
        )
        return response
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let apiKey = HTTPField.Name("X-API-Key")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let xIdempotencyKey = HTTPField.Name("X-Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
