/// One `|`-separated field of an SHDR line, with where it starts (1-based, in UTF-8 bytes)
/// so that errors can point at it.
struct SHDRField: Sendable, Hashable {
    var text: String
    var column: Int

    /// Splits a line on `|`. `\|` is a literal pipe, and a field in double quotes may hold
    /// pipes (`"a|b"`, with `\"` for a quote), as cppagent's tokenizer allows.
    static func split(_ line: String) -> [SHDRField] {
        var fields: [SHDRField] = []
        let bytes = Array(line.utf8)
        var index = 0
        var current: [UInt8] = []
        var start = 0
        func finish() {
            fields.append(SHDRField(text: String(decoding: current, as: UTF8.self), column: start + 1))
            current.removeAll(keepingCapacity: true)
        }
        while index <= bytes.count {
            if index == start, index < bytes.count, bytes[index] == UInt8(ascii: "\""),
               let (text, end) = quoted(bytes, from: index) {
                current = text
                index = end
                finish()
                index += 1
                start = index
                continue
            }
            if index == bytes.count {
                finish()
                break
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "|") {
                current.append(UInt8(ascii: "|"))
                index += 2
            } else if byte == UInt8(ascii: "|") {
                finish()
                index += 1
                start = index
            } else {
                current.append(byte)
                index += 1
            }
        }
        return fields
    }

    /// A quoted field: its unescaped text and the index just past the closing quote, which
    /// must end the line or be followed by `|`. Nil when the quotes do not close that way,
    /// so that a value that merely starts with a quote is kept as it is.
    private static func quoted(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var text: [UInt8] = []
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                text.append(UInt8(ascii: "\""))
                index += 2
            } else if byte == UInt8(ascii: "\"") {
                let end = index + 1
                return end == bytes.count || bytes[end] == UInt8(ascii: "|") ? (text, end) : nil
            } else {
                text.append(byte)
                index += 1
            }
        }
        return nil
    }
}
