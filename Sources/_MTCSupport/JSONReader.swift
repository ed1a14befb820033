/// A forward-only reader of one JSON document (RFC 8259), the one JSON scanner of the
/// libraries: the server reads its hottest request bodies with it instead of `Codable`,
/// IdempotencyKit canonicalizes bodies with it, OutboxKafka checks payloads with it.
///
/// It checks the grammar as it goes (UTF-8 validated, control characters and lone surrogates
/// refused) and reports a syntax error as ``JSONReader/SyntaxError``; what the values mean is
/// the caller's business. Keys are matched in place, without building a `String`, unless they
/// contain escapes.
package struct JSONReader {
    /// The document is not JSON: the reason and the byte offset where reading stopped.
    package struct SyntaxError: Error, Equatable {
        package var reason: String
        package var offset: Int
    }

    /// What the next value is, from its first byte.
    package enum Kind: Equatable {
        case object, array, string, number, bool, null
    }

    /// How deep arrays and objects may nest, as Foundation's `JSONDecoder` allows.
    package static let maximumDepth = 512

    private let bytes: [UInt8]
    package private(set) var offset = 0

    /// A reader of `bytes`; with `skippingByteOrderMark`, from after a UTF-8 byte order mark if
    /// they start with one (which RFC 8259 lets a parser ignore, and Foundation's `JSONDecoder` does).
    package init(_ bytes: [UInt8], skippingByteOrderMark: Bool = false) {
        self.bytes = bytes
        if skippingByteOrderMark, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// Whether `bytes` is one well-formed JSON document (whitespace around it allowed).
    package static func isWellFormed(_ bytes: [UInt8]) -> Bool {
        var reader = JSONReader(bytes)
        do {
            try reader.skipValue()
            try reader.expectEnd()
            return true
        } catch {
            return false
        }
    }

    // MARK: Structure

    /// The kind of the next value, after skipping whitespace.
    package mutating func peekKind() throws(SyntaxError) -> Kind {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end of the document") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        default: throw failure("unexpected character")
        }
    }

    /// Consumes `{`.
    package mutating func beginObject() throws(SyntaxError) {
        try expect(UInt8(ascii: "{"))
    }

    /// Consumes `[`.
    package mutating func beginArray() throws(SyntaxError) {
        try expect(UInt8(ascii: "["))
    }

    /// Moves to the next member of the object being read: `true` with the reader on the member's
    /// key, `false` after the closing `}`. `first` is `true` right after ``beginObject()``.
    package mutating func nextMember(first: Bool) throws(SyntaxError) -> Bool {
        try nextItem(first: first, closing: UInt8(ascii: "}"))
    }

    /// Moves to the next element of the array being read: `true` with the reader on the element,
    /// `false` after the closing `]`.
    package mutating func nextElement(first: Bool) throws(SyntaxError) -> Bool {
        try nextItem(first: first, closing: UInt8(ascii: "]"))
    }

    private mutating func nextItem(first: Bool, closing: UInt8) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw failure("unexpected end of the document") }
        if bytes[offset] == closing {
            offset += 1
            return false
        }
        if !first {
            try expect(UInt8(ascii: ","))
            skipWhitespace()
        }
        return true
    }

    /// Reads a member's key and its `:`, and returns the index of the key in `known` (compared
    /// byte by byte, escapes decoded), or `nil` with the key's text when it is none of them.
    package mutating func readKey(matching known: [[UInt8]]) throws(SyntaxError) -> (index: Int?, text: String) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        let key = try readStringBytes()
        try expect(UInt8(ascii: ":"))
        let index: Int? = switch key {
        case .raw(let range): known.firstIndex { $0.count == range.count && bytes[range].elementsEqual($0) }
        case .decoded(let decoded): known.firstIndex(of: decoded)
        }
        if let index { return (index, "") }
        return (nil, string(key))
    }

    /// Reads a member's key and its `:`, and returns the key's UTF-8 (escapes decoded).
    package mutating func readKeyUTF8() throws(SyntaxError) -> [UInt8] {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        let key = try readStringBytes()
        try expect(UInt8(ascii: ":"))
        return utf8(key)
    }

    /// Reads a member's key and its `:` without looking at the key.
    package mutating func skipKey() throws(SyntaxError) {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
        _ = try readStringBytes()
        try expect(UInt8(ascii: ":"))
    }

    /// Skips the document's trailing whitespace and fails unless nothing else follows.
    package mutating func expectEnd() throws(SyntaxError) {
        skipWhitespace()
        guard offset == bytes.count else { throw failure("unexpected content after the document") }
    }

    // MARK: Values

    /// Reads a string.
    package mutating func readString() throws(SyntaxError) -> String {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        return string(try readStringBytes())
    }

    /// Reads a string and returns its UTF-8 (escapes decoded).
    package mutating func readStringUTF8() throws(SyntaxError) -> [UInt8] {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        return utf8(try readStringBytes())
    }

    /// Reads a string and hands its UTF-8 bytes (escapes decoded) to `body` without building a
    /// `String`.
    package mutating func withStringBytes<T>(_ body: (ArraySlice<UInt8>) -> T) throws(SyntaxError) -> T {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        switch try readStringBytes() {
        case .raw(let range): return body(bytes[range])
        case .decoded(let decoded): return body(decoded[...])
        }
    }

    /// Reads a number's text (checked against the grammar) and returns it.
    package mutating func readNumberText() throws(SyntaxError) -> Substring {
        skipWhitespace()
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        switch peek() ?? 0 {
        case UInt8(ascii: "0"):
            offset += 1
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            skipDigits()
        default:
            throw failure("expected a digit")
        }
        if peek() == UInt8(ascii: ".") {
            offset += 1
            guard skipDigits() > 0 else { throw failure("expected a digit after the decimal point") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard skipDigits() > 0 else { throw failure("expected a digit in the exponent") }
        }
        // The bytes are ASCII digits and signs, checked above.
        return Substring(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// Reads `true` or `false`.
    package mutating func readBool() throws(SyntaxError) -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: "t") {
            try expectLiteral("true")
            return true
        }
        try expectLiteral("false")
        return false
    }

    /// Reads `null`.
    package mutating func readNull() throws(SyntaxError) {
        skipWhitespace()
        try expectLiteral("null")
    }

    /// Skips one value of any kind, checking its grammar. `depth` is how many arrays and
    /// objects enclose it, for the nesting limit.
    package mutating func skipValue(depth: Int = 0) throws(SyntaxError) {
        switch try peekKind() {
        case .object:
            guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
            try beginObject()
            var first = true
            while try nextMember(first: first) {
                first = false
                try skipKey()
                try skipValue(depth: depth + 1)
            }
        case .array:
            guard depth < Self.maximumDepth else { throw failure("nested too deeply") }
            try beginArray()
            var first = true
            while try nextElement(first: first) {
                first = false
                try skipValue(depth: depth + 1)
            }
        case .string:
            _ = try readStringBytes()
        case .number:
            _ = try readNumberText()
        case .bool:
            _ = try readBool()
        case .null:
            try readNull()
        }
    }

    // MARK: Strings

    private enum StringBytes {
        /// The bytes between the quotes, which hold no escape.
        case raw(Range<Int>)
        /// The string's UTF-8 with its escapes decoded.
        case decoded([UInt8])
    }

    private func utf8(_ value: StringBytes) -> [UInt8] {
        switch value {
        case .raw(let range): Array(bytes[range])
        case .decoded(let decoded): decoded
        }
    }

    private func string(_ value: StringBytes) -> String {
        switch value {
        case .raw(let range): String(decoding: bytes[range], as: UTF8.self)
        case .decoded(let decoded): String(decoding: decoded, as: UTF8.self)
        }
    }

    /// Reads a string from its opening quote; the UTF-8 is validated, control characters refused.
    private mutating func readStringBytes() throws(SyntaxError) -> StringBytes {
        offset += 1
        let start = offset
        var decoded: [UInt8]?
        while offset < bytes.count {
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                let end = offset
                offset += 1
                if let decoded { return .decoded(decoded) }
                return .raw(start..<end)
            case UInt8(ascii: "\\"):
                if decoded == nil { decoded = Array(bytes[start..<offset]) }
                offset += 1
                try readEscape(into: &decoded!)
            case 0x00..<0x20:
                throw failure("control character in a string")
            case 0x20..<0x80:
                decoded?.append(byte)
                offset += 1
            default:
                let scalarStart = offset
                try skipMultibyteScalar(leading: byte)
                decoded?.append(contentsOf: bytes[scalarStart..<offset])
            }
        }
        throw failure("unterminated string")
    }

    private mutating func readEscape(into output: inout [UInt8]) throws(SyntaxError) {
        guard let escape = peek() else { throw failure("unterminated escape") }
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by an escaped low one.
                guard peek() == UInt8(ascii: "\\"), peek(at: offset + 1) == UInt8(ascii: "u") else {
                    throw failure("unpaired surrogate")
                }
                offset += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("unpaired surrogate")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid escape") }
            output.append(contentsOf: UTF8.encode(unicode)!)
        default:
            throw failure("invalid escape")
        }
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw failure("unterminated escape") }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }

    /// Checks one UTF-8 encoded scalar of 2–4 bytes (no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func skipMultibyteScalar(leading: UInt8) throws(SyntaxError) {
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch leading {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw failure("invalid UTF-8")
        }
        guard offset + length <= bytes.count else { throw failure("invalid UTF-8") }
        for position in 1..<length {
            let byte = bytes[offset + position]
            let range = position == 1 ? lower...upper : 0x80...0xBF
            guard range.contains(byte) else { throw failure("invalid UTF-8") }
        }
        offset += length
    }

    // MARK: Bytes

    private func peek() -> UInt8? {
        offset < bytes.count ? bytes[offset] : nil
    }

    private func peek(at position: Int) -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(SyntaxError) {
        skipWhitespace()
        guard peek() == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        offset += 1
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(SyntaxError) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw failure("unexpected end of the document") }
        let matches = literal.withUTF8Buffer { bytes[offset..<offset + count].elementsEqual($0) }
        guard matches else { throw failure("unexpected literal") }
        offset += count
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = offset
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { offset += 1 }
        return offset - start
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private func failure(_ reason: String) -> SyntaxError {
        SyntaxError(reason: reason, offset: offset)
    }
}
