import AsyncHTTPClient
import NIOCore

/// Sends one request, reads the whole answer and records how long it took from `origin`.
struct RequestSender: Sendable {
    let client: HTTPClient
    let timeout: Duration
    let expectReplay: Bool

    /// Sends `request`; the latency runs from `origin`, the moment the request was due.
    func send(_ request: HTTPClientRequest, due origin: ContinuousClock.Instant, into recorder: LatencyRecorder?) async {
        let clock = ContinuousClock()
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            _ = try await response.body.collect(upTo: 1 << 20)
            let now = clock.now
            let replayed = expectReplay ? response.headers.first(name: "Idempotent-Replayed") == "true" : nil
            recorder?.record(status: Int(response.status.code), latency: now - origin, replayed: replayed, at: now)
        } catch {
            let now = clock.now
            recorder?.fail(Self.describe(error), latency: now - origin, at: now)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "timeout"
            case .connectTimeout: return "connect-timeout"
            case .remoteConnectionClosed: return "connection-closed"
            default: return "http-client"
            }
        }
        return String(describing: type(of: error))
    }
}
