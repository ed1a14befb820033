import Hummingbird
import NIOCore

/// Refuses a client address's requests to the authenticated routes beyond its token bucket with
/// 429 and `Retry-After`.
///
/// Runs before authentication, so every request counts, the ones that fail it included: without
/// it, a client guessing API keys or tokens is never limited (``RateLimitMiddleware`` only knows
/// callers that have authenticated), and each guess costs a database read. The operations
/// routes (`/healthz`, `/readyz`, `/metrics`) are never limited, so probes keep working.
struct AddressRateLimitMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard AuthenticationMiddleware<Context>.authenticates(request.uri.path) else {
            return try await next(request, context)
        }
        // A connection without an IP peer (a Unix socket) shares one bucket with its kind.
        let address = context.remoteAddress?.ipAddress ?? context.remoteAddress?.pathname ?? "unknown"
        switch limiter.acquire("address:\(address)") {
        case .allowed:
            return try await next(request, context)
        case .limited(let seconds):
            throw HTTPProblem.tooManyRequests(retryAfterSeconds: seconds)
        }
    }
}
