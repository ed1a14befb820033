import MTConnectModel

/// Why following an agent failed or a connection was dropped.
///
/// Compare with the static members (`error.kind == .heartbeatTimeout`); the agent's own
/// refusal is in ``agentErrors``.
public struct AgentFollowerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; new kinds may be added.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate let name: String
        public var description: String { name }

        /// The base URL cannot be used.
        public static let invalidURL = Kind(name: "invalidURL")
        /// The agent could not be reached or the connection broke.
        public static let connectionFailed = Kind(name: "connectionFailed")
        /// A probe, current or polled sample took longer than the request timeout.
        public static let requestTimeout = Kind(name: "requestTimeout")
        /// A stream delivered nothing, not even a heartbeat, for longer than the heartbeat timeout.
        public static let heartbeatTimeout = Kind(name: "heartbeatTimeout")
        /// The agent closed a stream.
        public static let streamEnded = Kind(name: "streamEnded")
        /// The agent answered with an HTTP status and no MTConnect document.
        public static let httpStatus = Kind(name: "httpStatus")
        /// A response could not be read as an MTConnect document.
        public static let invalidDocument = Kind(name: "invalidDocument")
        /// A multipart stream was malformed.
        public static let invalidStream = Kind(name: "invalidStream")
        /// The agent kept answering `OUT_OF_RANGE` right after the follower resynced from
        /// `/current`; it waits before the next resync instead of looping.
        public static let outOfRange = Kind(name: "outOfRange")
        /// The agent answered with a transient `MTConnectError` (`INTERNAL_ERROR`, `TOO_MANY`);
        /// the follower retries.
        public static let agentUnavailable = Kind(name: "agentUnavailable")
        /// The agent refused the request with an `MTConnectError` document that retrying
        /// cannot fix (`NO_DEVICE`, `INVALID_XPATH`, …).
        public static let agentError = Kind(name: "agentError")
    }

    public let kind: Kind
    /// What went wrong, in words a user can act on.
    public let message: String
    /// The agent's error document, for ``Kind/agentError`` and transient agent errors.
    public let agentErrors: ErrorDocument?

    init(_ kind: Kind, _ message: String, agentErrors: ErrorDocument? = nil) {
        self.kind = kind
        self.message = message
        self.agentErrors = agentErrors
    }

    public var description: String { "\(kind): \(message)" }

    /// Whether reconnecting may help; a fatal error ends ``AgentFollower/run()``.
    var isRetryable: Bool {
        kind != .agentError && kind != .invalidURL
    }
}
