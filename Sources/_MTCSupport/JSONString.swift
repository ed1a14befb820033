/// How the libraries write a JSON string: one escaping routine for the event payloads, the
/// CloudEvents envelope, the log lines and the canonical form of request bodies.
package enum JSONString {
    /// Appends `utf8` as a quoted JSON string: `"` and `\` escaped, control characters as
    /// `\n`, `\r`, `\t` or `\u00XX`; everything else (including `/` and non-ASCII) as is.
    ///
    /// With `canonical`, every control character is written `\u00XX` (no short forms): the
    /// spelling IdempotencyKit's fingerprints are computed over, which must never change.
    package static func appendQuoted(_ utf8: some Collection<UInt8>, to output: inout [UInt8], canonical: Bool = false) {
        // A native string's bytes (and an array's) are contiguous: scanning them as a buffer is
        // several times faster than through the generic collection's indices.
        let done: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            appendQuotedBytes(bytes, to: &output, canonical: canonical)
        }
        if done == nil { appendQuotedBytes(utf8, to: &output, canonical: canonical) }
    }

    private static func appendQuotedBytes(_ utf8: some Collection<UInt8>, to output: inout [UInt8], canonical: Bool) {
        output.append(UInt8(ascii: "\""))
        // Most values need no escaping: copy them whole.
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(contentsOf: utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A where !canonical: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D where !canonical: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09 where !canonical: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x57 + value
    }
}
