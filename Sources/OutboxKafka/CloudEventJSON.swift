import Foundation
import OutboxKit

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
    public static func encode(_ event: OutboxEvent) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(event.payload.count + 256)
        out.append(UInt8(ascii: "{"))
        appendMember("specversion", string: "1.0", to: &out, first: true)
        appendMember("id", string: event.id.description, to: &out)
        appendMember("source", string: event.source, to: &out)
        appendMember("type", string: event.type, to: &out)
        if let subject = event.subject { appendMember("subject", string: subject, to: &out) }
        appendMember("time", string: timestamp(event.time), to: &out)
        appendMember("datacontenttype", string: event.dataContentType, to: &out)
        appendKey("schemaversion", to: &out)
        out += Array(String(event.schemaVersion).utf8)
        appendMember("partitionkey", string: event.partitionKey, to: &out)
        for (name, value) in event.headers.sorted(by: { $0.key < $1.key }) where isExtensionName(name) && !reserved.contains(name) {
            appendMember(name, string: value, to: &out)
        }
        if isJSON(event.dataContentType), JSONSyntax.isValid(event.payload) {
            appendKey("data", to: &out)
            out += event.payload
        } else {
            appendMember("data_base64", string: Data(event.payload).base64EncodedString(), to: &out)
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
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType == "text/json"
    }

    static func timestamp(_ date: Date) -> String {
        let milliseconds = date.timeIntervalSince1970 * 1000
        let whole = Int64(milliseconds.rounded(.down))
        let seconds = whole.quotientAndRemainder(dividingBy: 1000)
        var time = time_t(seconds.quotient)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(seconds.remainder), 3))Z"
    }

    private static func appendKey(_ key: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    private static func appendMember(_ key: String, string value: String, to out: inout [UInt8], first: Bool = false) {
        if !first { out.append(UInt8(ascii: ",")) }
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
        appendString(value, to: &out)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
