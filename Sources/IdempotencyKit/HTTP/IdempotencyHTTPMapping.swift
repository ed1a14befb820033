/// Framework-agnostic HTTP glue: reads the key from request headers and turns an
/// ``IdempotencyOutcome`` into the status, headers and body of the idempotency contract.
///
/// | outcome | response |
/// |---|---|
/// | executed | the handler's response |
/// | replayed | the stored response + `Idempotent-Replayed: true` |
/// | in flight | 409 + `Retry-After`, problem `idempotency-request-in-flight` |
/// | key reused | 409 (or 422), problem `idempotency-key-reused` |
/// | missing / malformed key | 400, problem `idempotency-key-missing` / `idempotency-key-malformed` |
/// | store failure (reject) | 503 + `Retry-After`, problem `idempotency-store-unavailable` |
/// | executed without record | the handler's response |
public struct IdempotencyHTTPMapping: Sendable {
    /// The request headers a key is read from, in order of preference.
    public var keyHeaderNames = ["Idempotency-Key", "X-Idempotency-Key"]
    /// The status for a key reused with a different payload: 409 (default) or 422 as the IETF
    /// draft suggests.
    public var keyReusedStatus = 409
    /// The status when the store fails under the reject policy. Default: 503.
    public var storeFailureStatus = 503
    /// The `Retry-After` seconds sent with a store failure. Default: 5.
    public var storeFailureRetryAfterSeconds = 5
    /// The prefix of the problem `type` URIs; the problem name is appended.
    public var problemTypeBase = "https://mtconnect-core.dev/problems/"

    /// The default mapping.
    public init() {}

    /// The header that marks a replayed response.
    public static let replayedHeader = IdempotentResponse.Header(name: "Idempotent-Replayed", value: "true")

    /// The key sent in `headers`, matching ``keyHeaderNames`` case-insensitively; `nil` if
    /// none is present. Pass the result to ``IdempotencyGate/execute(scope:key:fingerprint:completion:operation:)``.
    ///
    /// - Throws: ``IdempotencyError/Code/malformedKey`` if the headers carry different keys, so
    ///   a request cannot name two.
    public func key(in headers: some Sequence<(name: String, value: String)>) throws(IdempotencyError) -> String? {
        let wanted = Set(keyHeaderNames.map { $0.lowercased() })
        let values = headers.filter { wanted.contains($0.name.lowercased()) }.map(\.value)
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }) else {
            throw IdempotencyError(
                code: .malformedKey,
                message: "The request carries \(values.count) different idempotency keys; send exactly one."
            )
        }
        return first
    }

    /// The response to send for `outcome`.
    public func response(for outcome: IdempotencyOutcome) -> IdempotentResponse {
        switch outcome {
        case .executed(let response), .executedWithoutRecord(let response, _):
            return response
        case .replayed(let response):
            var replayed = response
            replayed.headers.removeAll { $0.name.lowercased() == Self.replayedHeader.name.lowercased() }
            replayed.headers.append(Self.replayedHeader)
            return replayed
        case .inFlight(let retryAfter):
            let seconds = max(1, Int(retryAfter.components.seconds) + (retryAfter.components.attoseconds > 0 ? 1 : 0))
            return problem(
                status: 409,
                type: "idempotency-request-in-flight",
                title: "A request with this idempotency key is still being processed",
                detail: "Retry after \(seconds) s to receive its result.",
                extraHeaders: [.init(name: "Retry-After", value: "\(seconds)")]
            )
        case .keyReused:
            return problem(
                status: keyReusedStatus,
                type: "idempotency-key-reused",
                title: "This idempotency key was used with a different request",
                detail: "Send a new idempotency key for a new request; reuse a key only to retry the identical request."
            )
        case .invalidKey(let error):
            let missing = error.code == .missingKey
            return problem(
                status: 400,
                type: missing ? "idempotency-key-missing" : "idempotency-key-malformed",
                title: missing ? "An idempotency key is required" : "The idempotency key is malformed",
                detail: error.message
            )
        case .storeFailure:
            return problem(
                status: storeFailureStatus,
                type: "idempotency-store-unavailable",
                title: "The request cannot be de-duplicated right now",
                detail: "The idempotency store is unavailable; nothing was executed. Retry with the same key.",
                extraHeaders: [.init(name: "Retry-After", value: "\(storeFailureRetryAfterSeconds)")]
            )
        }
    }

    private func problem(
        status: Int,
        type: String,
        title: String,
        detail: String,
        extraHeaders: [IdempotentResponse.Header] = []
    ) -> IdempotentResponse {
        let fields = [
            ("type", problemTypeBase + type),
            ("title", title),
            ("status", "\(status)"),
            ("detail", detail),
        ]
        let members = fields.map { name, value in
            name == "status" ? "\"\(name)\":\(value)" : "\"\(name)\":\(Self.jsonString(value))"
        }
        return IdempotentResponse(
            status: status,
            headers: [.init(name: "Content-Type", value: "application/problem+json")] + extraHeaders,
            body: Array("{\(members.joined(separator: ","))}".utf8)
        )
    }

    private static func jsonString(_ value: String) -> String {
        var output = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{0}"..<"\u{20}": output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
