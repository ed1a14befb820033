/// A validated idempotency key: 1 to 255 printable ASCII characters (0x20–0x7E), no leading
/// or trailing space.
///
/// Clients usually send a UUID. The key is compared byte for byte; it is never normalised.
public struct IdempotencyKey: Hashable, Sendable, CustomStringConvertible {
    /// The longest key accepted, in characters.
    public static let maximumLength = 255

    /// The key as the client sent it.
    public let rawValue: String

    /// Validates a key taken from a request header.
    ///
    /// - Throws: ``IdempotencyError/Code/missingKey`` for `nil` or an empty string,
    ///   ``IdempotencyError/Code/malformedKey`` for a key that is too long or not printable.
    public init(validating rawValue: String?) throws(IdempotencyError) {
        guard let rawValue, !rawValue.isEmpty else {
            throw IdempotencyError(
                code: .missingKey,
                message: "An Idempotency-Key header is required; send a new unique value (a UUID) per operation."
            )
        }
        let bytes = rawValue.utf8
        guard bytes.count <= Self.maximumLength else {
            throw IdempotencyError(
                code: .malformedKey,
                message: "The idempotency key has \(bytes.count) bytes; at most \(Self.maximumLength) are allowed."
            )
        }
        guard bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw IdempotencyError(
                code: .malformedKey,
                message: "The idempotency key must contain only printable ASCII characters."
            )
        }
        guard bytes.first != 0x20, bytes.last != 0x20 else {
            throw IdempotencyError(
                code: .malformedKey,
                message: "The idempotency key must not start or end with a space."
            )
        }
        self.rawValue = rawValue
    }

    public var description: String {
        rawValue
    }
}
