import Foundation
import OutboxKit
import _MTCSupport

/// Encodes outbox events as CloudEvents 1.0 structured-mode JSON
/// (`application/cloudevents+json`).
///
/// JSON payloads (a `datacontenttype` of `application/json` or `…+json`) are embedded as `data`
/// when they parse; anything else goes base64-encoded in `data_base64`. Headers whose names are
/// valid CloudEvents extension names (lower-case letters and digits) become extension attributes;
/// others are left out. `schemaversion` and `partitionkey` are always present.
public enum CloudEventJSON {
    /// The Kafka `content-type` header of structured-mode events.
    public static let contentType = "application/cloudevents+json"

    /// The JSON document for `event`.
    ///
    /// It runs once per published event, so it writes bytes straight into one buffer: no
    /// intermediate strings for the id, the time or the numbers.
    public static func encode(_ event: OutboxEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(event.payload.count + event.type.utf8.count + event.source.utf8.count + 256)
        out += #"{"specversion":"1.0","id":""#.utf8
        appendULID(event.id, to: &out)
        out += #"","source":"#.utf8
        appendString(event.source, to: &out)
        out += #","type":"#.utf8
        appendString(event.type, to: &out)
        if let subject = event.subject {
            out += #","subject":"#.utf8
            appendString(subject, to: &out)
        }
        out += #","time":""#.utf8
        appendTimestamp(milliseconds: event.time.unixMilliseconds, to: &out)
        out += #"","datacontenttype":"#.utf8
        appendString(event.dataContentType, to: &out)
        out += #","schemaversion":"#.utf8
        appendInteger(event.schemaVersion, to: &out)
        out += #","partitionkey":"#.utf8
        appendString(event.partitionKey, to: &out)
        if !event.headers.isEmpty {
            for (name, value) in event.headers.sorted(by: { $0.key < $1.key }) where isExtensionName(name) && !reserved.contains(name) {
                appendKey(name, to: &out)
                appendString(value, to: &out)
            }
        }
        if isJSON(event.dataContentType), JSONReader.isWellFormed(event.payload) {
            out += #","data":"#.utf8
            out += event.payload
        } else {
            out += #","data_base64":""#.utf8
            out += Data(event.payload).base64EncodedData()
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    static let reserved: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema",
        "data", "data_base64", "schemaversion", "partitionkey",
    ]

    static func isExtensionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 20 && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }

    static func isJSON(_ contentType: String) -> Bool {
        // Nearly every event says exactly this; the general case below allocates.
        if contentType == "application/json" { return true }
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json"
    }

    /// RFC 3339 UTC time with milliseconds, `2023-11-14T22:13:20.123Z`.
    static func timestamp(_ date: Date) -> String {
        var out: [UInt8] = []
        appendTimestamp(milliseconds: date.unixMilliseconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendTimestamp(milliseconds: Int64, to out: inout [UInt8]) {
        let (days, dayMilliseconds) = milliseconds.floorDivided(by: 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        appendDigits(year, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        appendDigits(dayMilliseconds / 3_600_000, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(dayMilliseconds / 60_000 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(dayMilliseconds / 1000 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        appendDigits(dayMilliseconds % 1000, width: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01, by whole 400-year eras
    /// (146,097 days each), which keeps it exact without a calendar object.
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468  // days since 0000-03-01
        let (era, dayOfEra) = shifted.floorDivided(by: 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func appendDigits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var rest = max(0, value)
        withUnsafeMutableBytes(of: &digits) { buffer in
            for index in stride(from: width - 1, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            out.append(contentsOf: buffer.prefix(width))
        }
    }

    private static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            out += String(value).utf8
        }
    }

    private static func appendULID(_ id: ULID, to out: inout [UInt8]) {
        var high = id.high
        var low = id.low
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 26))
        for index in stride(from: start + 25, through: start, by: -1) {
            out[index] = crockford[Int(low & 0x1F)]
            low = (low >> 5) | (high << 59)
            high >>= 5
        }
    }

    private static let crockford = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    private static func appendKey(_ key: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }


    private static func appendString(_ value: String, to out: inout [UInt8]) {
        JSONString.appendQuoted(value.utf8, to: &out)
    }
}

extension Int64 {
    /// Quotient rounded toward minus infinity and a remainder that is never negative.
    fileprivate func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }
}
