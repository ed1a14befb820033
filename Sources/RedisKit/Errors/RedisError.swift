/// An error from RedisKit: the connection, the pool, configuration, or a server error reply.
///
/// Compare ``code`` to tell failures apart; ``serverError`` carries the typed reply when the
/// server answered with an error.
///
/// ```swift
/// do {
///     try await redis.send(RedisCommand("INCR", "name"))
/// } catch where error.serverError?.kind == .wrongType {
///     // the key holds something else
/// }
/// ```
public struct RedisError: Error, Sendable, Hashable {
    /// What went wrong, without the details. Extensible: new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The TCP connection could not be opened (refused, unknown host, connect timeout).
        public static let connectionFailed = Code("connectionFailed")
        /// An open connection broke while a command was in flight; it may or may not have run.
        public static let connectionLost = Code("connectionLost")
        /// The server did not answer within the command timeout; it may or may not have run.
        public static let timeout = Code("timeout")
        /// The bytes from the server were not valid RESP.
        public static let protocolError = Code("protocolError")
        /// The server answered with an error reply; see ``RedisError/serverError``.
        public static let server = Code("server")
        /// `AUTH` or `SELECT` was refused while opening the connection.
        public static let authenticationFailed = Code("authenticationFailed")
        /// Every pooled connection stayed busy for the whole acquire timeout.
        public static let poolExhausted = Code("poolExhausted")
        /// The connection or pool was closed.
        public static let closed = Code("closed")
        /// A `redis://` URL could not be understood.
        public static let invalidURL = Code("invalidURL")
        /// The reply had a different type than the command promises.
        public static let unexpectedReply = Code("unexpectedReply")
    }

    /// What went wrong.
    public let code: Code
    /// The server's error reply, for ``Code/server`` and ``Code/authenticationFailed``.
    public let serverError: RedisServerError?
    /// A message a person can act on.
    public let message: String

    private init(code: Code, serverError: RedisServerError? = nil, message: String) {
        self.code = code
        self.serverError = serverError
        self.message = message
    }

    static func connectionFailed(host: String, port: Int, reason: String) -> RedisError {
        RedisError(
            code: .connectionFailed,
            message: "Cannot connect to Redis at \(host):\(port): \(reason). Is redis-server running and reachable?"
        )
    }

    static func connectionLost(reason: String) -> RedisError {
        RedisError(
            code: .connectionLost,
            message: "The connection to Redis broke (\(reason)); the command may or may not have run. It reconnects on the next command."
        )
    }

    static let timeout = RedisError(
        code: .timeout,
        message: "Redis did not answer within the command timeout; the command may or may not have run. Raise RedisConfiguration.commandTimeout or check the server's load."
    )

    static func protocolError(_ reason: String) -> RedisError {
        RedisError(code: .protocolError, message: "Redis sent a reply that is not valid RESP: \(reason). Is this port really a Redis server?")
    }

    static func server(_ error: RedisServerError) -> RedisError {
        RedisError(code: .server, serverError: error, message: "Redis answered with an error: \(error.message)")
    }

    static func authenticationFailed(_ error: RedisServerError, step: String) -> RedisError {
        RedisError(
            code: .authenticationFailed,
            serverError: error,
            message: "Redis refused \(step) while connecting: \(error.message). Check the user name, password and database in the configuration."
        )
    }

    static func poolExhausted(after timeout: Duration, connections: Int) -> RedisError {
        RedisError(
            code: .poolExhausted,
            message: "All \(connections) Redis connections stayed busy for \(timeout). Raise maximumConnections or acquireTimeout, or look for slow commands."
        )
    }

    static let closed = RedisError(code: .closed, message: "The Redis connection or pool was closed.")

    static func invalidURL(_ reason: String) -> RedisError {
        RedisError(code: .invalidURL, message: "Invalid Redis URL: \(reason). Expected redis://[user[:password]@]host[:port][/database].")
    }

    static func unexpectedReply(_ reply: RESPValue, expected: String) -> RedisError {
        RedisError(code: .unexpectedReply, message: "Expected \(expected) from Redis but got \(reply).")
    }
}

extension RedisError: CustomStringConvertible {
    public var description: String { message }
}
