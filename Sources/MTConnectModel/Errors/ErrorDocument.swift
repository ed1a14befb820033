/// An `MTConnectError` document: the agent refused a request.
///
/// Conforms to `Error` so that a client can throw it as it is. Both forms are read: the
/// legacy `<Error errorCode="…">message</Error>` (directly under the root or in `<Errors>`)
/// and the typed errors of 2.6 (`<OutOfRange>`, `<InvalidRequest>`, … with an
/// `<ErrorMessage>` child).
public struct ErrorDocument: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var header: Header
    public var version: MTConnectVersion?
    public var errors: [AgentError]

    public init(header: Header, version: MTConnectVersion? = nil, errors: [AgentError] = []) {
        self.header = header
        self.version = version
        self.errors = errors
    }

    /// True when the agent says a requested sequence number is no longer (or not yet) in
    /// its buffer; a follower must start again from `/current`.
    public var isOutOfRange: Bool {
        errors.contains { $0.code == .outOfRange }
    }

    public var description: String {
        errors.isEmpty ? "MTConnect agent error (no details)"
            : errors.map { "\($0.code.rawValue): \($0.message)" }.joined(separator: "; ")
    }
}
