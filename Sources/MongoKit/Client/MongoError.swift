/// A MongoDB operation failed: the server answered with an error, no server could be
/// reached, or the request was invalid.
///
/// `domain` and `code` are libmongoc's error domain and code; for errors the server reported
/// (``Kind-swift.struct/server``, ``Kind-swift.struct/duplicateKey``,
/// ``Kind-swift.struct/writeConcern``), `code` is the server's own error code (11000 for a
/// duplicate key, 112 for a write conflict, …) and ``reply`` holds the server's reply.
public struct MongoError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case invalidURI, serverSelection, connection, server, duplicateKey, writeConcern
            case transaction, invalidArgument, clientClosed, driver, decoding
        }

        private let code: Code

        /// The connection string could not be parsed.
        public static let invalidURI = Kind(code: .invalidURI)
        /// No suitable server answered within the server selection timeout.
        public static let serverSelection = Kind(code: .serverSelection)
        /// A socket or stream failed while talking to a server.
        public static let connection = Kind(code: .connection)
        /// The server rejected the command; see ``MongoError/code`` and ``MongoError/reply``.
        public static let server = Kind(code: .server)
        /// A write violated a unique index (server code 11000).
        public static let duplicateKey = Kind(code: .duplicateKey)
        /// The write was applied but the write concern was not satisfied.
        public static let writeConcern = Kind(code: .writeConcern)
        /// A transaction could not be started, committed or aborted in the session's state.
        public static let transaction = Kind(code: .transaction)
        /// The request was malformed before it reached a server.
        public static let invalidArgument = Kind(code: .invalidArgument)
        /// The client was shut down.
        public static let clientClosed = Kind(code: .clientClosed)
        /// Any other libmongoc failure; ``MongoError/domain`` and ``MongoError/code`` say which.
        public static let driver = Kind(code: .driver)
        /// A server reply did not have the shape MongoKit expected.
        public static let decoding = Kind(code: .decoding)

        public var description: String {
            "\(code)"
        }
    }

    /// The label the server puts on errors after which the whole transaction may be retried.
    public static let transientTransactionLabel = "TransientTransactionError"
    /// The label on commit errors after which the commit alone may be retried.
    public static let unknownCommitResultLabel = "UnknownTransactionCommitResult"

    /// What kind of failure this is.
    public let kind: Kind
    /// libmongoc's error domain (`mongoc_error_domain_t`), 0 for errors raised in Swift.
    public let domain: UInt32
    /// The server's error code, or libmongoc's code for client-side errors.
    public let code: UInt32
    /// The message from the server or libmongoc, or a description of the Swift-side failure.
    public let message: String
    /// The server's `errorLabels` (and those libmongoc adds), such as
    /// ``transientTransactionLabel``.
    public let errorLabels: Set<String>
    /// The full reply, when the server sent one.
    public let reply: BSONDocument?

    /// Creates an error; MongoKit raises these, callers normally only inspect them.
    public init(
        kind: Kind,
        domain: UInt32 = 0,
        code: UInt32 = 0,
        message: String,
        errorLabels: Set<String> = [],
        reply: BSONDocument? = nil
    ) {
        self.kind = kind
        self.domain = domain
        self.code = code
        self.message = message
        self.errorLabels = errorLabels
        self.reply = reply
    }

    /// Whether the server or driver attached `label`.
    public func hasLabel(_ label: String) -> Bool {
        errorLabels.contains(label)
    }

    public var description: String {
        var text = "MongoDB \(kind) error"
        if domain != 0 || code != 0 {
            text += " (domain \(domain), code \(code))"
        }
        text += ": \(message)"
        if !errorLabels.isEmpty {
            text += " [labels: \(errorLabels.sorted().joined(separator: ", "))]"
        }
        return text
    }
}
