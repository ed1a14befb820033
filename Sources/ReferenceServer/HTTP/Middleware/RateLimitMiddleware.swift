import HTTPTypes
import Hummingbird

/// Refuses a caller's requests beyond its token bucket with 429 and `Retry-After`.
///
/// Runs after authentication: callers are told apart by API key, token subject or the internal
/// token, so one noisy consumer cannot starve the others. Unauthenticated operations routes
/// (`/healthz`, `/readyz`, `/metrics`) are never limited, so probes keep working.
struct RateLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let principal = Principal.current else { return try await next(request, context) }
        switch limiter.acquire(principal.rateLimitKey) {
        case .allowed:
            return try await next(request, context)
        case .limited(let seconds):
            throw HTTPProblem.tooManyRequests(retryAfterSeconds: seconds)
        }
    }
}

extension Principal {
    /// The bucket a caller's requests are counted in.
    var rateLimitKey: String {
        switch self {
        case .user(let subject, _, let tenantId): "user:\(tenantId):\(subject)"
        case .apiKey(let keyId, _): "key:\(keyId)"
        case .adapter: "internal"
        }
    }
}
