/// A point in time with the microsecond precision MTConnect agents report.
///
/// Stored as microseconds since 1970-01-01T00:00:00Z so that comparing and storing
/// timestamps never loses the digits an agent sent. Encodes to JSON as ISO 8601 text
/// with six fraction digits (`2024-05-01T12:00:00.123456Z`).
public struct MTConnectTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since the Unix epoch (UTC).
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Parses an ISO 8601 timestamp as agents write it: `YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)`.
    /// A missing zone designator is read as UTC, as cppagent does. Fraction digits beyond
    /// six are truncated. Returns nil for anything else, and for an offset that moves the time
    /// out of the years 0000…9999.
    public init?(iso8601 text: String) {
        var text = text
        let parsed = text.withUTF8 { MTConnectTimestamp.parse(UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Builds a timestamp from calendar fields in UTC; nil when a field is out of range.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0,
                 second: Int = 0, microsecond: Int = 0) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (0...999_999).contains(microsecond) else { return nil }
        let days = Int64(Self.daysSinceEpoch(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(microsecondsSinceEpoch: seconds * 1_000_000 + Int64(microsecond))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// ISO 8601 in UTC with six fraction digits.
    public var iso8601: String {
        let micros = microsecondsSinceEpoch
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = Self.civil(fromDaysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
            + ".\(pad(fraction, 6))Z"
    }

    public var description: String { iso8601 }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = MTConnectTimestamp(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not an ISO 8601 timestamp such as 2024-05-01T12:00:00.123456Z"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }
}

extension MTConnectTimestamp {
    /// Parses straight from the bytes the XML reader hands out, so that the hot path
    /// allocates no String per observation.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> MTConnectTimestamp? {
        var index = 0
        let count = bytes.count
        func number(_ width: Int) -> Int? {
            guard index + width <= count else { return nil }
            var value = 0
            for offset in 0..<width {
                let byte = bytes[index + offset]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard index < count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D),
              let day = number(2) else { return nil }
        guard index < count, bytes[index] == 0x54 || bytes[index] == 0x74 || bytes[index] == 0x20 else { return nil }
        index += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A),
              let second = number(2) else { return nil }
        var microsecond = 0
        if index < count, bytes[index] == 0x2E || bytes[index] == 0x2C {
            index += 1
            var digits = 0
            while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                if digits < 6 {
                    microsecond = microsecond * 10 + Int(bytes[index] - 0x30)
                }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { microsecond *= 10 }
        }
        var offsetSeconds = 0
        if index < count {
            switch bytes[index] {
            case 0x5A, 0x7A:
                index += 1
            case 0x2B, 0x2D:
                let sign = bytes[index] == 0x2D ? -1 : 1
                index += 1
                guard let offsetHours = number(2) else { return nil }
                _ = expect(0x3A)
                guard let offsetMinutes = number(2), offsetHours <= 23, offsetMinutes <= 59 else { return nil }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                return nil
            }
        }
        guard index == count,
              var value = MTConnectTimestamp(year: year, month: month, day: day, hour: hour,
                                             minute: minute, second: second, microsecond: microsecond)
        else { return nil }
        value.microsecondsSinceEpoch -= Int64(offsetSeconds) * 1_000_000
        // An offset can move the instant out of years 0000…9999, which iso8601 cannot write
        // in four digits: such a timestamp would not read back.
        guard validRange.contains(value.microsecondsSinceEpoch) else { return nil }
        return value
    }

    /// 0000-01-01T00:00:00Z up to, not including, 10000-01-01T00:00:00Z.
    static let validRange: Range<Int64> = -62_167_219_200_000_000..<253_402_300_800_000_000

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar, counted in 400-year eras
    /// that start on March 1st so that the leap day falls at the end of each year.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysSinceEpoch(year:month:day:)``.
    static func civil(fromDaysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
