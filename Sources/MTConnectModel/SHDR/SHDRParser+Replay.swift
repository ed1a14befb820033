import Foundation

extension SHDRParser {
    /// Parses a whole SHDR log (an adapter capture or a simulator scenario).
    ///
    /// - Throws: ``MTConnectParseError`` with code ``MTConnectParseError/Code/invalidSHDR``
    ///   and the line and column of the first line that cannot be read.
    public static func replay(_ bytes: some Collection<UInt8>, schema: SHDRSchema? = nil) throws(MTConnectParseError) -> [SHDRLine] {
        var lines: [SHDRLine] = []
        try forEachLine(in: bytes, schema: schema) { lines.append($0) }
        return lines
    }

    /// Parses the SHDR log file at `path`.
    public static func replay(contentsOfFile path: String, schema: SHDRSchema? = nil) throws(MTConnectParseError) -> [SHDRLine] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': the file does not exist or cannot be opened")
        }
        return try replay([UInt8](data), schema: schema)
    }

    /// Parses an SHDR log and hands each line to `body` in order.
    public static func forEachLine(
        in bytes: some Collection<UInt8>, schema: SHDRSchema? = nil, _ body: (SHDRLine) -> Void
    ) throws(MTConnectParseError) {
        var parser = SHDRParser(schema: schema)
        var lineNumber = 0
        for slice in Array(bytes).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw MTConnectParseError(.invalidSHDR, "the line is not valid UTF-8", line: lineNumber, column: 1)
            }
            if let line = try parser.parse(line: text, lineNumber: lineNumber) {
                body(line)
            }
        }
        try parser.finish()
    }
}
