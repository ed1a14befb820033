import Foundation
import HTTPTypes
import Hummingbird
import IdempotencyKit
import NIOCore
import Synchronization

/// The idempotency contract around the ext `POST` routes (key required) and ingest (key
/// optional), with the claim and the recorded answer inside the store's own write.
///
/// Keys are scoped per principal and route. A completed key is answered from the store, byte
/// for byte, with `Idempotent-Replayed: true` (or 409/422 `idempotency-key-reused` for another
/// body) without running the handler. Otherwise the handler runs with an ``IdempotencyContext``;
/// its store call checks the key again and records the answer in the same transaction as the
/// data, and what it recorded is what this middleware sends — so the first answer and every
/// replay are the same bytes, and a crash leaves either both or neither. The same key while the
/// first request runs in this process gets 409 with `Retry-After: 1`.
struct IdempotencyMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    let store: any IdempotencyStore
    let mapping: IdempotencyHTTPMapping
    let retention: Duration
    private let running = RunningKeys()

    init(store: any IdempotencyStore, mapping: IdempotencyHTTPMapping, retention: Duration) {
        self.store = store
        self.mapping = mapping
        self.retention = retention
    }

    static let requiredRoutes: Set<String> = ["/api/ext/setup", "/api/ext/event"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let (principal, required) = Self.scope(of: request) else {
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: .max)
        let rawKey: String?
        do {
            rawKey = try mapping.key(in: request.headers)
        } catch {
            return problem(mapping.response(for: .invalidKey(error)), request)
        }
        guard let rawKey else {
            guard required else { return try await next(request, context) }
            return problem(mapping.response(for: .invalidKey(IdempotencyError(
                code: .missingKey, message: "Send an X-Idempotency-Key (or Idempotency-Key) header, e.g. a new UUID per request."
            ))), request)
        }
        // The contract allows printable ASCII without spaces (`^[\x21-\x7E]+$`).
        let key: IdempotencyKey
        do {
            guard rawKey.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { throw Self.malformed }
            key = try IdempotencyKey(validating: rawKey)
        } catch {
            return problem(mapping.response(for: .invalidKey(Self.malformed)), request)
        }
        let id = IdempotencyRecordID(scope: IdempotencyScope(principal: principal, route: request.uri.path), key: key)
        let fingerprint = RequestFingerprint(method: "POST", path: request.uri.path, body: body.readableBytesView)

        // A completed key needs no write: answer it from a reader. A store that cannot say
        // gets 503 and nothing runs, as the contract promises.
        let record: IdempotencyRecord?
        do {
            record = try await store.record(for: id, now: Date())
        } catch {
            return problem(mapping.response(for: .storeFailure(error)), request)
        }
        if let record, case .completed(let stored) = record.state {
            return record.fingerprint == fingerprint
                ? Self.response(mapping.response(for: .replayed(stored)))
                : problem(mapping.response(for: .keyReused), request)
        }
        guard running.insert(id) else {
            return problem(mapping.response(for: .inFlight(retryAfter: .seconds(1))), request)
        }
        defer { running.remove(id) }
        let idempotency = IdempotencyContext(write: IdempotentWrite(id: id, fingerprint: fingerprint, retention: retention))
        // The contract's operations declare X-Idempotency-Key required (one of two headers is
        // not expressible in OpenAPI); a key sent as Idempotency-Key reaches them under that name.
        if request.headers[.xIdempotencyKey] == nil {
            var head = request.head
            head.headerFields[.xIdempotencyKey] = rawKey
            request = Request(head: head, body: .init(buffer: body))
        }
        let response = try await IdempotencyContext.$current.withValue(idempotency) {
            try await next(request, context)
        }
        switch idempotency.outcome {
        case .replayed(let stored): return Self.response(mapping.response(for: .replayed(stored)))
        case .keyReused: return problem(mapping.response(for: .keyReused), request)
        case .recorded(let stored): return Self.response(stored)
        // Failures (a 404 for a machine created later, a 422 fixed by the caller) are not
        // recorded: they must not stick to the key.
        case nil: return response
        }
    }

    /// The principal a key is scoped to and whether the route requires a key; `nil` for routes
    /// without idempotency.
    private static func scope(of request: Request) -> (principal: String, required: Bool)? {
        let path = request.uri.path
        switch Principal.current {
        case .apiKey(let keyId, _) where requiredRoutes.contains(path):
            return (keyId, true)
        case .adapter(let tenantId) where path.hasPrefix("/internal/machines/") && path.hasSuffix("/data"):
            return ("adapter:\(tenantId)", false)
        default:
            return nil
        }
    }

    private static let malformed = IdempotencyError(
        code: .malformedKey, message: "Use 1 to 255 printable ASCII characters without spaces, e.g. a UUID."
    )

    /// A problem answer from the mapping with the `instance` and `requestId` every problem carries.
    private func problem(_ stored: IdempotentResponse, _ request: Request) -> Response {
        var stored = stored
        if var object = (try? JSONSerialization.jsonObject(with: Data(stored.body))) as? [String: Any] {
            object["instance"] = request.uri.path
            if let requestId = RequestIdentifier.current { object["requestId"] = requestId }
            if let body = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                stored.body = Array(body)
            }
        }
        return Self.response(stored)
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

/// The idempotency side of the request being handled: what the store must complete, and what
/// it did. Set by ``IdempotencyMiddleware``, filled in by the handler after its store call.
final class IdempotencyContext: Sendable {
    enum Outcome: Sendable {
        case recorded(IdempotentResponse)
        case replayed(IdempotentResponse)
        case keyReused
    }

    let write: IdempotentWrite
    private let result = Mutex<Outcome?>(nil)

    init(write: IdempotentWrite) {
        self.write = write
    }

    var outcome: Outcome? { result.withLock { $0 } }

    /// Records what the store did with the key; the handler's own response is then replaced.
    func settle<Value>(_ outcome: IdempotentWriteOutcome<Value>) {
        result.withLock { result in
            switch outcome {
            case .written(_, let response?): result = .recorded(response)
            case .written(_, nil): result = nil
            case .replayed(let response): result = .replayed(response)
            case .keyReused: result = .keyReused
            }
        }
    }

    @TaskLocal static var current: IdempotencyContext?
}

/// Keys whose first request is running in this process.
private final class RunningKeys: Sendable {
    private let keys = Mutex<Set<IdempotencyRecordID>>([])

    /// Adds `id`; `false` when it was already running.
    func insert(_ id: IdempotencyRecordID) -> Bool {
        keys.withLock { $0.insert(id).inserted }
    }

    func remove(_ id: IdempotencyRecordID) {
        _ = keys.withLock { $0.remove(id) }
    }
}
