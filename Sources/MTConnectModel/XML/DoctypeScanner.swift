/// Finds a `<!DOCTYPE` in a document's prolog before libxml2 sees it, so that a DTD's
/// entity declarations are never even parsed. The reader refuses a DOCTYPE node as well,
/// for encodings this byte scan cannot read (UTF-16).
enum DoctypeScanner {
    /// Where a whole document's `<!DOCTYPE` is, or `nil` when its prologue has none (a
    /// prologue that never ends holds none that libxml2 would read either).
    static func findDoctype(in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int)? {
        guard case .doctype(let line, let column) = scanPrologue(bytes) else { return nil }
        return (line, column)
    }

    /// What the start of a document read so far says about its prologue.
    enum Prologue: Equatable {
        /// A `<!DOCTYPE` before the root element, at this position.
        case doctype(line: Int, column: Int)
        /// The root element starts; no DOCTYPE can follow.
        case rootElement
        /// The bytes end inside the prologue: read more.
        case needMore
    }

    /// Scans a prefix of a document that is still being read; `needMore` when the prefix ends
    /// before the root element (inside a comment, a processing instruction, or a tag start too
    /// short to tell), so that a DOCTYPE after a long run of comments is still found.
    static func scanPrologue(_ bytes: UnsafeRawBufferPointer) -> Prologue {
        let count = bytes.count
        var index = 0
        func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool? {
            literal.withUTF8Buffer { expected in
                for position in 0..<expected.count {
                    guard offset + position < count else { return nil }
                    if bytes[offset + position] != expected[position] { return false }
                }
                return true
            }
        }
        func skip(past terminator: StaticString) -> Bool {
            while index < count {
                if hasPrefix(terminator, at: index) == true {
                    index += terminator.utf8CodeUnitCount
                    return true
                }
                index += 1
            }
            return false
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            guard index + 1 < count else { return .needMore }
            switch bytes[index + 1] {
            case UInt8(ascii: "?"):
                guard skip(past: "?>") else { return .needMore }
            case UInt8(ascii: "!"):
                switch (hasPrefix("<!--", at: index), hasPrefix("<!DOCTYPE", at: index)) {
                case (true, _):
                    guard skip(past: "-->") else { return .needMore }
                case (_, true):
                    let (line, column) = position(of: index, in: bytes)
                    return .doctype(line: line, column: column)
                case (nil, _), (_, nil):
                    return .needMore
                default:
                    // Another declaration in the prologue: not XML libxml2 will accept.
                    return .rootElement
                }
            default:
                return .rootElement
            }
        }
        return .needMore
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
