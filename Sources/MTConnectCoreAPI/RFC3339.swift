package import Foundation

/// RFC 3339 date-times with microsecond precision, both ways, without Foundation's formatters
/// (which keep milliseconds and truncate: `.001` came back as `.000`).
///
/// Output is UTC with three fractional digits when the time is a whole millisecond and six
/// otherwise; input takes any number of fractional digits (rounded to the microsecond) and `Z` or an offset.
package enum RFC3339 {
    /// The text of `date`, rounded to the nearest microsecond.
    package static func string(from date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of `date` (as ``string(from:)`` writes it) to `output`.
    package static func append(_ date: Date, to output: inout [UInt8]) {
        let total = (date.timeIntervalSince1970 * 1_000_000).rounded()
        guard total.isFinite, abs(total) < 253_402_300_800_000_000 else {
            output.append(contentsOf: "9999-12-31T23:59:59.999999Z".utf8)
            return
        }
        let micros = Int64(total)
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
        let (year, month, day) = civil(fromDays: days)
        if year < 0 { output.append(UInt8(ascii: "-")) }
        appendDigits(abs(year), 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(month, 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendDigits(day, 2, to: &output)
        output.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, 2, to: &output)
        output.append(UInt8(ascii: "."))
        if fraction % 1000 == 0 {
            appendDigits(fraction / 1000, 3, to: &output)
        } else {
            appendDigits(fraction, 6, to: &output)
        }
        output.append(UInt8(ascii: "Z"))
    }

    /// The date `text` names, or `nil` when it is not an RFC 3339 date-time with an offset.
    package static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { date(fromUTF8: $0) }
    }

    /// The date the UTF-8 `bytes` name, or `nil` when they are not an RFC 3339 date-time with an offset.
    package static func date(fromUTF8 bytes: ArraySlice<UInt8>) -> Date? {
        bytes.withUnsafeBufferPointer { date(fromUTF8: $0) }
    }

    /// The date the UTF-8 `bytes` name, or `nil` when they are not an RFC 3339 date-time with an offset.
    package static func date(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count >= 20, bytes.count <= 128 else { return nil }
        var index = bytes.startIndex
        func number(_ width: Int) -> Int64? {
            guard bytes.distance(from: index, to: bytes.endIndex) >= width else { return nil }
            var value: Int64 = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - 0x30)
                bytes.formIndex(after: &index)
            }
            return value
        }
        func expect(_ first: UInt8, _ second: UInt8? = nil, _ third: UInt8? = nil) -> Bool {
            guard index < bytes.endIndex else { return false }
            let byte = bytes[index]
            guard byte == first || byte == second || byte == third else { return false }
            bytes.formIndex(after: &index)
            return true
        }
        func isDigit() -> Bool {
            index < bytes.endIndex && (0x30...0x39).contains(bytes[index])
        }
        guard let year = number(4), expect(0x2D), let month = number(2), expect(0x2D), let day = number(2),
              expect(0x54, 0x74, 0x20), let hour = number(2), expect(0x3A), let minute = number(2), expect(0x3A),
              let second = number(2),
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var micros: Int64 = 0
        if expect(0x2E) {
            var digits = 0
            var fraction: Int64 = 0
            // RFC 3339 allows any number of digits; beyond the nanosecond they cannot matter.
            while isDigit() {
                if digits < 9 {
                    fraction = fraction * 10 + Int64(bytes[index] - 0x30)
                    digits += 1
                }
                bytes.formIndex(after: &index)
            }
            guard digits > 0 else { return nil }
            var scale: Int64 = 1
            for _ in digits..<9 { scale *= 10 }
            let nanos = fraction * scale
            micros = (nanos + 500) / 1000
        }
        var offset: Int64 = 0
        if expect(0x5A, 0x7A) {
            offset = 0
        } else if index < bytes.endIndex, bytes[index] == 0x2B || bytes[index] == 0x2D {
            let sign: Int64 = bytes[index] == 0x2D ? -1 : 1
            bytes.formIndex(after: &index)
            guard let hours = number(2), expect(0x3A), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard index == bytes.endIndex else { return nil }
        let days = self.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    /// Appends `value` (not negative) with at least `width` digits, zero-padded.
    private static func appendDigits(_ value: Int64, _ width: Int, to output: inout [UInt8]) {
        var divisor: Int64 = 1
        var digits = 1
        while digits < width || value / divisor >= 10 {
            divisor *= 10
            digits += 1
        }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(truncatingIfNeeded: rest / divisor) + 0x30)
            rest %= divisor
            divisor /= 10
        }
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
