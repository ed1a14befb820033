import _MTCSupport

/// The secret a claimant holds while its request is in flight; completing, releasing and
/// taking over a record are compare-and-set operations on it.
public struct LeaseToken: Hashable, Sendable, CustomStringConvertible {
    /// 32 lowercase hex digits of randomness.
    public let rawValue: String

    /// A new random token.
    public static func random() -> LeaseToken {
        var generator = SystemRandomNumberGenerator()
        return LeaseToken(rawValue: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexEncodedString())
    }

    /// Restores a token a store persisted.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String {
        rawValue
    }
}
