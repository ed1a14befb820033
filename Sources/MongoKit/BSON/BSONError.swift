/// A BSON document could not be built from, or read into, Swift values.
public struct BSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare with the static members.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: Sendable, Hashable {
            case invalidKey, documentTooLarge, invalidDocument, unsupportedType, invalidObjectId
        }

        private let code: Code

        /// A key contains a NUL byte.
        public static let invalidKey = Kind(code: .invalidKey)
        /// The document exceeds the BSON size limit.
        public static let documentTooLarge = Kind(code: .documentTooLarge)
        /// The bytes are not a valid BSON document.
        public static let invalidDocument = Kind(code: .invalidDocument)
        /// The document holds a BSON type MongoKit does not map to Swift.
        public static let unsupportedType = Kind(code: .unsupportedType)
        /// An ObjectId could not be parsed.
        public static let invalidObjectId = Kind(code: .invalidObjectId)

        public var description: String {
            "\(code)"
        }
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// What went wrong, in words a user can act on.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// A key cannot be stored: it contains a NUL byte.
    public static func invalidKey(_ key: String) -> BSONError {
        BSONError(.invalidKey, "the key \"\(key.replacingOccurrences(of: "\0", with: "\\0"))\" contains a NUL byte, which BSON keys cannot hold")
    }

    /// The document would exceed the BSON size limit.
    public static func documentTooLarge(key: String) -> BSONError {
        BSONError(.documentTooLarge, "the document grew past the BSON size limit while appending \"\(key)\"; store large payloads in smaller documents")
    }

    /// The bytes are not a valid BSON document.
    public static func invalidDocument(_ detail: String) -> BSONError {
        BSONError(.invalidDocument, "not a valid BSON document: \(detail)")
    }

    /// The document holds a BSON type MongoKit does not map to Swift.
    public static func unsupportedType(key: String, typeCode: UInt8) -> BSONError {
        BSONError(.unsupportedType, "the value at \"\(key)\" has BSON type 0x\(String(typeCode, radix: 16)), which MongoKit does not read (decimal128, regex, code, min/max keys and deprecated types are unsupported)")
    }

    static func invalidObjectId(_ detail: String) -> BSONError {
        BSONError(.invalidObjectId, "invalid ObjectId: \(detail)")
    }

    public var description: String {
        message
    }
}
