import Foundation
import Synchronization
import _MTCSupport

/// A 12-byte MongoDB ObjectId: a 4-byte big-endian timestamp (seconds), 5 random bytes
/// chosen once per process, and a 3-byte big-endian counter.
public struct ObjectId: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 12 bytes in wire order.
    public let bytes: [UInt8]

    /// A new ObjectId for the current time, unique within this process.
    public init() {
        self.init(date: Date())
    }

    /// A new ObjectId for the given time, unique within this process.
    public init(date: Date) {
        let seconds = UInt32(truncatingIfNeeded: Int64(date.timeIntervalSince1970.rounded(.down)))
        let counter = ObjectIdGenerator.shared.nextCounter()
        var bytes = [UInt8](repeating: 0, count: 12)
        bytes[0] = UInt8(truncatingIfNeeded: seconds >> 24)
        bytes[1] = UInt8(truncatingIfNeeded: seconds >> 16)
        bytes[2] = UInt8(truncatingIfNeeded: seconds >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: seconds)
        bytes.replaceSubrange(4..<9, with: ObjectIdGenerator.shared.processUnique)
        bytes[9] = UInt8(truncatingIfNeeded: counter >> 16)
        bytes[10] = UInt8(truncatingIfNeeded: counter >> 8)
        bytes[11] = UInt8(truncatingIfNeeded: counter)
        self.bytes = bytes
    }

    /// The ObjectId with exactly these 12 bytes.
    /// - Throws: ``BSONError`` if there are not exactly 12 bytes.
    public init(bytes: some Collection<UInt8>) throws(BSONError) {
        guard bytes.count == 12 else {
            throw .invalidObjectId("expected 12 bytes, got \(bytes.count)")
        }
        self.bytes = Array(bytes)
    }

    /// Parses the 24-character hexadecimal form (`"5f1d7e3a9c1b2a3d4e5f6a7b"`).
    /// - Throws: ``BSONError`` if the string is not 24 hexadecimal digits.
    public init(hex: String) throws(BSONError) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 24 else {
            throw .invalidObjectId("expected 24 hexadecimal digits, got \(utf8.count) characters in \"\(hex)\"")
        }
        guard let bytes = [UInt8](hexEncoded: utf8) else {
            throw .invalidObjectId("\"\(hex)\" is not hexadecimal")
        }
        self.bytes = bytes
    }

    /// The 24-character lowercase hexadecimal form.
    public var hex: String {
        bytes.hexEncodedString()
    }

    /// The creation time embedded in the first four bytes (second precision).
    public var date: Date {
        let seconds = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    public var description: String {
        hex
    }

    public static func < (lhs: ObjectId, rhs: ObjectId) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

private final class ObjectIdGenerator: Sendable {
    static let shared = ObjectIdGenerator()

    let processUnique: [UInt8] = (0..<5).map { _ in UInt8.random(in: 0...255) }
    private let counter = Mutex(UInt32.random(in: 0...0xFF_FFFF))

    func nextCounter() -> UInt32 {
        counter.withLock { value in
            value = (value &+ 1) & 0xFF_FFFF
            return value
        }
    }
}
