/// Finds a `<!DOCTYPE` in a document's prolog before libxml2 sees it, so that a DTD's
/// entity declarations are never even parsed. The reader refuses a DOCTYPE node as well,
/// for encodings this byte scan cannot read (UTF-16).
enum DoctypeScanner {
    static func findDoctype(in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int)? {
        let count = bytes.count
        var index = 0
        func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool {
            literal.withUTF8Buffer { expected in
                guard offset + expected.count <= count else { return false }
                for position in 0..<expected.count where bytes[offset + position] != expected[position] {
                    return false
                }
                return true
            }
        }
        func skip(past terminator: StaticString) {
            while index < count, !hasPrefix(terminator, at: index) {
                index += 1
            }
            index += terminator.utf8CodeUnitCount
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if hasPrefix("<?", at: index) {
                skip(past: "?>")
            } else if hasPrefix("<!--", at: index) {
                skip(past: "-->")
            } else if hasPrefix("<!DOCTYPE", at: index) {
                return position(of: index, in: bytes)
            } else {
                return nil
            }
        }
        return nil
    }

    private static func position(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
