import HTTPTypes
import Hummingbird

/// Refuses write requests (every method but GET and HEAD) beyond ``WriteAdmission/limit`` in
/// progress with 503 `overloaded` and `Retry-After`, before the idempotency middleware or a
/// store is reached.
///
/// Reads never wait for the single writer and are not limited, so operators can still look at a
/// server that is shedding writes.
struct LoadSheddingMiddleware<Context: RequestContext>: RouterMiddleware {
    let admission: WriteAdmission

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        guard admission.tryEnter() else { throw HTTPProblem.overloaded(limit: admission.limit) }
        defer { admission.leave() }
        return try await next(request, context)
    }
}
