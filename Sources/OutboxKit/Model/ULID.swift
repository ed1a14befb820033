import Foundation
import Synchronization

/// A Universally Unique Lexicographically Sortable Identifier: 48 bits of milliseconds since
/// the Unix epoch followed by 80 random bits, written as 26 Crockford base32 characters.
///
/// Outbox event ids are ULIDs so that ordering by id approximates creation order. Ids made by
/// ``ULID/init()`` in one process increase strictly even within a millisecond, which is what
/// keeps the events of one partition key in the order they were appended.
public struct ULID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The 128 bits, most significant first.
    public let high: UInt64
    public let low: UInt64

    /// Creates an id from its two 64-bit halves.
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Creates a new id, strictly greater than any id previously made this way in this process.
    public init() {
        self = ULIDGenerator.shared.next(now: Date())
    }

    /// Parses the 26-character text form (case-insensitive; `I`/`L` read as 1, `O` as 0).
    ///
    /// Returns `nil` when the text is not a valid ULID.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 26 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in utf8.enumerated() {
            guard let value = ULID.decodeTable[Int(byte)], value != 0xFF else { return nil }
            // The first character carries only 3 bits: 26 × 5 = 130 bits for a 128-bit value.
            if index == 0 && value > 7 { return nil }
            high = (high << 5) | (low >> 59)
            low = (low << 5) | UInt64(value)
        }
        self.high = high
        self.low = low
    }

    /// Milliseconds since the Unix epoch encoded in the id.
    public var timestampMilliseconds: UInt64 { high >> 16 }

    /// The moment encoded in the id.
    public var date: Date { Date(timeIntervalSince1970: Double(timestampMilliseconds) / 1000) }

    /// The 26-character Crockford base32 form, which sorts like the id itself.
    public var description: String {
        var characters = [UInt8](repeating: 0, count: 26)
        var high = self.high
        var low = self.low
        for index in stride(from: 25, through: 0, by: -1) {
            characters[index] = ULID.alphabet[Int(low & 0x1F)]
            low = (low >> 5) | (high << 59)
            high >>= 5
        }
        return String(decoding: characters, as: UTF8.self)
    }

    public static func < (lhs: ULID, rhs: ULID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ULID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(text) is not a ULID")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    static let decodeTable: [UInt8?] = {
        var table = [UInt8?](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
            if character >= UInt8(ascii: "A") {
                table[Int(character | 0x20)] = UInt8(value)
            }
        }
        for (alias, value) in [(UInt8(ascii: "I"), 1), (UInt8(ascii: "L"), 1), (UInt8(ascii: "O"), 0)] {
            table[Int(alias)] = UInt8(value)
            table[Int(alias | 0x20)] = UInt8(value)
        }
        return table
    }()
}

/// Makes strictly increasing ULIDs: within one millisecond (or when the clock steps back) the
/// previous id's random part is incremented instead of drawing a new one.
final class ULIDGenerator: Sendable {
    static let shared = ULIDGenerator()

    private let last = Mutex(ULID(high: 0, low: 0))

    func next(now: Date) -> ULID {
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        return last.withLock { last in
            let id: ULID
            if milliseconds > last.timestampMilliseconds {
                var random = SystemRandomNumberGenerator()
                id = ULID(high: (milliseconds << 16) | (random.next() & 0xFFFF), low: random.next())
            } else {
                let (low, overflow) = last.low.addingReportingOverflow(1)
                id = ULID(high: overflow ? last.high + 1 : last.high, low: low)
            }
            last = id
            return id
        }
    }
}
