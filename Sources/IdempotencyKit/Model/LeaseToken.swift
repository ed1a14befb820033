/// The secret a claimant holds while its request is in flight; completing, releasing and
/// taking over a record are compare-and-set operations on it.
public struct LeaseToken: Hashable, Sendable, CustomStringConvertible {
    /// 32 lowercase hex digits of randomness.
    public let rawValue: String

    /// A new random token.
    public static func random() -> LeaseToken {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        let bytes = (0..<32).map { _ in digits[Int(generator.next(upperBound: UInt8(16)))] }
        return LeaseToken(rawValue: String(decoding: bytes, as: UTF8.self))
    }

    /// Restores a token a store persisted.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String {
        rawValue
    }
}
