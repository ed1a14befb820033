import Foundation
import HTTPTypes
import Hummingbird
import IdempotencyKit
import NIOCore

/// The idempotency contract around the ext `POST` routes, on IdempotencyKit's gate.
///
/// Keys are scoped per API key and route. The handler runs at most once per key; the bytes it
/// actually sent (status, content headers, body) are stored and replayed byte for byte with
/// `Idempotent-Replayed: true`. The same key while the first request runs gets 409 with
/// `Retry-After`; the same key with another body gets 409 (or 422) `idempotency-key-reused`.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let gate: IdempotencyGate<SQLiteIdempotencyStore>
    let mapping: IdempotencyHTTPMapping
    static let routes: Set<String> = ["/api/ext/setup", "/api/ext/event"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, Self.routes.contains(request.uri.path),
              case .apiKey(let keyId, _) = Principal.current
        else {
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let key: String?
        do {
            key = try mapping.key(in: request.headers.map { (name: $0.name.canonicalName, value: $0.value) })
        } catch {
            return Self.response(mapping.response(for: .invalidKey(error)))
        }
        // The contract allows printable ASCII without spaces (`^[\x21-\x7E]+$`).
        if let key, !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return HTTPProblem(
                status: .badRequest, type: "idempotency-key-malformed", title: "The idempotency key is malformed",
                detail: "Use 1 to 255 printable ASCII characters without spaces, e.g. a UUID."
            ).response(requestId: RequestIdentifier.current, instance: request.uri.path)
        }
        let fingerprint = RequestFingerprint(method: "POST", path: request.uri.path, body: body.readableBytesView)
        let scope = IdempotencyScope(principal: keyId, route: request.uri.path)
        let forwarded = request
        let outcome: IdempotencyOutcome
        do {
            outcome = try await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { claim in
                let response = try await IdempotencyContext.$current.withValue(
                    IdempotencyContext(scope: scope, key: claim.id.key.rawValue)
                ) {
                    try await next(forwarded, context)
                }
                let captured = try await Self.capture(response)
                // Only successes are recorded: a 404 for a machine created later, or a 422 fixed
                // by the caller, must not stick to the key. Throwing makes the gate free the key.
                guard (200..<300).contains(captured.status) else { throw UnrecordedResponse(response: captured) }
                return captured
            }
        } catch let unrecorded as UnrecordedResponse {
            return Self.response(unrecorded.response)
        }
        return Self.response(mapping.response(for: outcome))
    }

    /// The response's status, content headers and complete body, as sent.
    static func capture(_ response: Response) async throws -> IdempotentResponse {
        let collector = CollectedBody()
        try await response.body.write(CollectingWriter(target: collector))
        let body = collector.bytes
        let headers = response.headers.map { IdempotentResponse.Header(name: $0.name.canonicalName, value: $0.value) }
        return IdempotentResponse(status: response.status.code, headers: headers, body: body)
    }

    static func response(_ stored: IdempotentResponse) -> Response {
        var fields = HTTPFields()
        for header in stored.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: stored.status),
            headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: stored.body))
        )
    }
}

/// A failed response handed back through the gate without being recorded.
struct UnrecordedResponse: Error {
    var response: IdempotentResponse
}

/// The idempotency key of the ext request being handled, for deterministic event ids.
struct IdempotencyContext: Sendable {
    var scope: IdempotencyScope
    var key: String

    @TaskLocal static var current: IdempotencyContext?
}

/// Where ``CollectingWriter`` puts the bytes; read after the body was written.
final class CollectedBody {
    var bytes: [UInt8] = []
}

/// A response body writer that keeps what is written instead of sending it.
struct CollectingWriter: ResponseBodyWriter {
    let target: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        target.bytes.append(contentsOf: buffer.readableBytesView)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
