/// An error from the idempotency layer: a bad key, a store that cannot be reached, a record
/// that cannot be read, a response that cannot be stored, or a completion that lost its lease.
///
/// Match on ``code``; new codes may be added without breaking callers.
public struct IdempotencyError: Error, CustomStringConvertible {
    /// What went wrong, as an extensible set of values.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case missingKey
            case malformedKey
            case storeUnavailable
            case corruptedRecord
            case responseTooLarge
            case leaseLost
            case invalidJSON
            case invalidResponse
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The request carried no idempotency key.
        public static let missingKey = Code(.missingKey)
        /// The key is longer than 255 characters or contains non-printable characters.
        public static let malformedKey = Code(.malformedKey)
        /// The store could not be read or written (connection lost, disk error, closed store).
        public static let storeUnavailable = Code(.storeUnavailable)
        /// A stored record could not be decoded; it was written by something else or damaged.
        public static let corruptedRecord = Code(.corruptedRecord)
        /// The response is larger than the store accepts, so it cannot be replayed.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The record was taken over or removed before this request could complete it.
        public static let leaseLost = Code(.leaseLost)
        /// A body that had to be JSON is not valid JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// A response cannot be represented (status out of range, header too long).
        public static let invalidResponse = Code(.invalidResponse)

        public var description: String {
            base.rawValue
        }
    }

    /// What went wrong.
    public let code: Code
    /// A message that says what happened and what to do about it.
    public let message: String
    /// The error of the underlying engine, when there is one.
    public let underlying: (any Error)?

    /// Creates an error; stores use this to report their own failures.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying {
            return "\(code): \(message) (\(underlying))"
        }
        return "\(code): \(message)"
    }
}

extension IdempotencyError {
    /// Wraps an engine error as ``Code/storeUnavailable``.
    public static func storeUnavailable(_ operation: String, _ underlying: any Error) -> IdempotencyError {
        IdempotencyError(
            code: .storeUnavailable,
            message: "The idempotency store failed to \(operation); check that it is running and reachable.",
            underlying: underlying
        )
    }

    /// Reports a stored record that cannot be decoded.
    public static func corruptedRecord(_ detail: String) -> IdempotencyError {
        IdempotencyError(
            code: .corruptedRecord,
            message: "A stored idempotency record is damaged (\(detail)); remove it or let it expire."
        )
    }
}

extension IdempotencyError {
    /// Reports a completion or release whose lease token no longer matches the record.
    public static func leaseLost(_ id: IdempotencyRecordID) -> IdempotencyError {
        IdempotencyError(
            code: .leaseLost,
            message: "The in-flight record for \(id) was taken over, released or expired before this request "
                + "completed it; the response was not recorded. Raise leaseDuration above the slowest request."
        )
    }
}
