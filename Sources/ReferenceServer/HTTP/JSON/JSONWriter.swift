import Foundation
import MTConnectCoreAPI
import _MTCSupport

/// Writes compact JSON into bytes, for the event payloads built for every ingest batch
/// (``IngestPipeline``), where `JSONEncoder` cost more than storing the batch.
///
/// It writes what ``EventJSON/encoder`` writes for the same values: members in the order the
/// caller gives them (callers give them sorted), strings escaped as the libraries escape them
/// (`JSONString`; the same text as `JSONEncoder` without escaping slashes, but `\u0008` for
/// `\b`), dates as ``RFC3339``. Absent optionals are left out by the `…IfPresent`
/// methods, as synthesized `Encodable` conformances do.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes a member's key; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        JSONString.appendQuoted(value.utf8, to: &bytes)
        needsComma = true
    }

    mutating func date(_ value: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func integer(_ value: some BinaryInteger) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Date) {
        key(name)
        date(value)
    }

    mutating func member(_ name: StaticString, _ value: some BinaryInteger) {
        key(name)
        integer(value)
    }

    mutating func memberIfPresent(_ name: StaticString, _ value: String?) {
        if let value { member(name, value) }
    }

    mutating func memberIfPresent(_ name: StaticString, _ value: (some BinaryInteger)?) {
        if let value { member(name, value) }
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }
}
