/// An error from an outbox store, relay or publisher.
///
/// A struct over a private code so that new kinds of failure do not break callers; compare with
/// the static values (`error.code == .storeFailure`).
public struct OutboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        enum Kind: Sendable, Hashable {
            case invalidArgument
            case duplicateID
            case storeFailure
            case corruptRow
            case unknownTransaction
            case publisherClosed
        }

        let kind: Kind

        /// An argument was out of range (an empty partition key, a batch size of zero, …).
        public static let invalidArgument = Code(kind: .invalidArgument)
        /// An event with this id is already in the outbox.
        public static let duplicateID = Code(kind: .duplicateID)
        /// The database failed; see the message for its own error.
        public static let storeFailure = Code(kind: .storeFailure)
        /// A stored row could not be read back as an event (edited by hand or by a newer version).
        public static let corruptRow = Code(kind: .corruptRow)
        /// A transaction handle was used after it ended or with another store.
        public static let unknownTransaction = Code(kind: .unknownTransaction)
        /// The publisher was shut down.
        public static let publisherClosed = Code(kind: .publisherClosed)

        public var description: String { "\(kind)" }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and what to do about it.
    public let message: String

    /// Creates an error; stores outside this module use it to report their failures.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "OutboxError.\(code): \(message)" }

    /// An ``Code/invalidArgument`` error.
    public static func invalidArgument(_ message: String) -> OutboxError { OutboxError(.invalidArgument, message) }
    /// A ``Code/duplicateID`` error for `id`.
    public static func duplicateID(_ id: ULID) -> OutboxError {
        OutboxError(.duplicateID, "An event with id \(id) is already in the outbox; give every event a new ULID.")
    }
    /// A ``Code/storeFailure`` error wrapping the database's own error.
    public static func storeFailure(_ operation: String, _ underlying: any Error) -> OutboxError {
        OutboxError(.storeFailure, "The outbox store failed to \(operation): \(underlying)")
    }
}
