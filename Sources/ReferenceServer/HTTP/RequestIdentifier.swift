import Foundation

/// The id of the request being handled, echoed as `X-Request-Id` and written to every log line.
enum RequestIdentifier {
    @TaskLocal static var current: String?

    /// Accepts a caller's id when it is short and printable, else makes one.
    static func make(from header: String?) -> String {
        if let header, (1...128).contains(header.utf8.count),
           header.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return header
        }
        return UUID().uuidString.lowercased()
    }
}
