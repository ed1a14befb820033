import Foundation
import MTConnectModel

/// The document `mtc parse` reads: a file, streamed by the parser, or standard input, read
/// whole (up to the parser's size limit).
enum ParseInput {
    case file(String)
    case bytes([UInt8])

    /// How messages name the input.
    var name: String {
        switch self {
        case .file(let path): path
        case .bytes: "standard input"
        }
    }

    /// Reads standard input to its end, refusing more than `limit` bytes.
    static func readStandardInput(limit: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let input = FileHandle.standardInput
        while true {
            let chunk: Data?
            do {
                chunk = try input.read(upToCount: 64 << 10)
            } catch {
                throw CLIFailure("cannot read standard input: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { return bytes }
            bytes.append(contentsOf: chunk)
            if bytes.count > limit {
                throw CLIFailure("standard input holds more than \(limit) bytes, the size limit for a document")
            }
        }
    }

    /// Why the input cannot be an XML document at all, as the message to print, found from its first bytes, before
    /// libxml2 says it less plainly ("Document is empty" for text, "Extra content at the end
    /// of the document" for an empty file); `nil` when it may be one.
    func sniff() -> String? {
        let head: [UInt8]
        switch self {
        case .bytes(let bytes):
            head = Array(bytes.prefix(4096))
        case .file(let path):
            // Unreadable or missing files are left to the parser, which says why.
            guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
            defer { try? handle.close() }
            do {
                // `nil` at the end of the file: it is empty.
                head = Array(try handle.read(upToCount: 4096) ?? Data())
            } catch {
                return nil
            }
        }
        let empty = if case .file(let path) = self { "\(path): the file is empty" } else { "standard input is empty" }
        guard !head.isEmpty else { return empty }
        // UTF-16 and UTF-32 documents are left to libxml2's encoding detection.
        if let first = head.first, first == 0xFE || first == 0xFF || first == 0 { return nil }
        var rest = head[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        rest = rest.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let start = rest.first else {
            return head.count < 4096 ? "\(empty) (it holds only white space)" : nil
        }
        guard start != UInt8(ascii: "<") else { return nil }
        let line = rest.prefix { $0 != 0x0A && $0 != 0x0D }
        let shown = String(decoding: line.prefix(40), as: UTF8.self) + (line.count > 40 ? "…" : "")
        return "\(name): not an XML document: it begins with \"\(shown)\", not with '<'"
    }
}
