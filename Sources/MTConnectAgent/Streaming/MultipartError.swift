/// A multipart stream that cannot be split into parts.
public struct MultipartError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
        case malformedDelimiter
        case malformedHeader(String)
        case headersTooLarge
        case partTooLarge(limit: Int)
    }

    let code: Code

    init(_ code: Code) {
        self.code = code
    }

    /// A delimiter line was not terminated within a sensible length.
    public static let malformedDelimiter = MultipartError(.malformedDelimiter)
    /// A part's header block was larger than 16 KiB or had more than 64 fields.
    public static let headersTooLarge = MultipartError(.headersTooLarge)

    /// Whether the error is a part bigger than the splitter's limit.
    public var isPartTooLarge: Bool {
        if case .partTooLarge = code { return true }
        return false
    }

    public var description: String {
        switch code {
        case .malformedDelimiter:
            "multipart delimiter line is not terminated; the agent is not sending multipart/mixed"
        case .malformedHeader(let line):
            "malformed multipart part header '\(line.prefix(80))'"
        case .headersTooLarge:
            "multipart part headers exceed 16 KiB or 64 fields"
        case .partTooLarge(let limit):
            "multipart part exceeds \(limit) bytes; raise maximumPartSize if the agent sends larger documents"
        }
    }
}
