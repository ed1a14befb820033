import Foundation
import HTTPTypes
import OpenAPIRuntime

/// Sends a request again under the ``RetryPolicy``. The request, its headers (the idempotency
/// key among them) and its body are the same on every attempt.
struct RetryMiddleware: ClientMiddleware {
    let policy: RetryPolicy

    func intercept(
        _ request: HTTPRequest,
        body: HTTPBody?,
        baseURL: URL,
        operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        // Collect the body once so every attempt sends the same bytes.
        let bytes: [UInt8]? = if let body { try await [UInt8](collecting: body, upTo: 64 << 20) } else { nil }
        var attempt = 1
        while true {
            let response: HTTPResponse
            let responseBody: HTTPBody?
            do {
                (response, responseBody) = try await next(request, bytes.map { HTTPBody($0) }, baseURL)
            } catch {
                guard attempt < policy.maximumAttempts, !(error is CancellationError) else { throw error }
                try await policy.sleep(policy.delay(afterAttempt: attempt, retryAfter: nil))
                attempt += 1
                continue
            }
            guard attempt < policy.maximumAttempts, Self.isRetryable(response) else {
                return (response, responseBody)
            }
            // Drain the discarded response so the connection can be reused.
            if let responseBody { _ = try? await [UInt8](collecting: responseBody, upTo: 1 << 20) }
            try await policy.sleep(policy.delay(afterAttempt: attempt, retryAfter: Self.retryAfter(response)))
            attempt += 1
        }
    }

    static func isRetryable(_ response: HTTPResponse) -> Bool {
        let status = response.status.code
        if status >= 500 || status == 429 { return true }
        // A 409 with Retry-After is the in-flight conflict; a reused key never carries one.
        return status == 409 && response.headerFields[.retryAfter] != nil
    }

    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let value = response.headerFields[.retryAfter], let seconds = Int(value.trimmingCharacters(in: .whitespaces)),
              seconds >= 0
        else { return nil }
        return .seconds(seconds)
    }
}
