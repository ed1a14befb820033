/// Splits an HTTP `multipart/mixed` (or `multipart/x-mixed-replace`) body into its parts as
/// bytes arrive, whatever the chunking.
///
/// MTConnect agents stream each `MTConnectStreams` document as one part. Some agents send a
/// `Content-Length` header per part, some do not; both are handled. A delimiter, a header
/// block or a body may be split across any number of chunks. The splitter keeps only the
/// bytes of the part in progress.
///
/// ```swift
/// var splitter = MultipartStreamSplitter(boundary: "abc")
/// for try await chunk in body {
///     for part in try splitter.append(chunk) { handle(part.body) }
/// }
/// ```
public struct MultipartStreamSplitter: Sendable {
    /// One part of a multipart body.
    public struct Part: Sendable, Equatable {
        /// Header fields of the part, names lower-cased, in the order they were sent.
        public var headers: [(name: String, value: String)]
        /// The part's body, without the line break that precedes the next delimiter.
        public var body: [UInt8]

        public init(headers: [(name: String, value: String)], body: [UInt8]) {
            self.headers = headers
            self.body = body
        }

        /// The value of the first header named `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.name == lowered }?.value
        }

        public static func == (lhs: Part, rhs: Part) -> Bool {
            lhs.body == rhs.body && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
        }
    }

    private enum State {
        case seekingDelimiter
        case headers
        case body(contentLength: Int?)
        case finished
    }

    /// The largest part accepted; a bigger one is a protocol error, not a memory blow-up.
    public let maximumPartSize: Int
    private static let maximumHeaderSize = 16 * 1024

    private let delimiter: [UInt8]
    private let lineDelimiter: [UInt8]
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var scanIndex = 0
    private var state = State.seekingDelimiter
    private var headers: [(name: String, value: String)] = []
    /// Bytes of the current part's header block read so far, line ends included.
    private var headerBytes = 0

    /// Creates a splitter for the given boundary (without the leading `--`).
    public init(boundary: String, maximumPartSize: Int = 64 * 1024 * 1024) {
        self.delimiter = Array("--\(boundary)".utf8)
        self.lineDelimiter = Array("\n--\(boundary)".utf8)
        self.maximumPartSize = maximumPartSize
    }

    /// Whether the closing delimiter (`--boundary--`) has been seen.
    public var isFinished: Bool {
        if case .finished = state { return true }
        return false
    }

    /// The boundary parameter of a `multipart/…` Content-Type, or `nil` when the type is not
    /// multipart or names no boundary. Quoted boundaries are unquoted.
    public static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingSpaces() }
        guard let mediaType = pieces.first, mediaType.lowercased().hasPrefix("multipart/") else {
            return nil
        }
        for parameter in pieces.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals].trimmingSpaces().lowercased()
            guard name == "boundary" else { continue }
            var value = parameter[parameter.index(after: equals)...].trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Feeds the next chunk and returns the parts it completed, in order.
    public mutating func append<Bytes: Sequence>(_ chunk: Bytes) throws(MultipartError) -> [Part]
    where Bytes.Element == UInt8 {
        buffer.append(contentsOf: chunk)
        var parts: [Part] = []
        while let part = try nextPart() {
            parts.append(part)
        }
        compact()
        return parts
    }

    private mutating func nextPart() throws(MultipartError) -> Part? {
        while true {
            switch state {
            case .finished:
                readIndex = buffer.count
                return nil
            case .seekingDelimiter:
                guard try consumeDelimiterLine() else { return nil }
            case .headers:
                guard try consumeHeaders() else { return nil }
            case .body(let contentLength):
                return try consumeBody(contentLength: contentLength)
            }
        }
    }

    /// Skips to the next delimiter line; ignores the preamble and padding after a body.
    private mutating func consumeDelimiterLine() throws(MultipartError) -> Bool {
        guard let start = find(delimiter, from: max(readIndex, scanIndex)) else {
            // Keep the tail that could be the start of a delimiter split across chunks.
            scanIndex = max(readIndex, buffer.count - delimiter.count + 1)
            if buffer.count - readIndex > Self.maximumHeaderSize + delimiter.count {
                readIndex = scanIndex
            }
            return false
        }
        let afterDelimiter = start + delimiter.count
        guard buffer.count >= afterDelimiter + 2 else { return false }
        if buffer[afterDelimiter] == UInt8(ascii: "-"), buffer[afterDelimiter + 1] == UInt8(ascii: "-") {
            state = .finished
            readIndex = buffer.count
            return true
        }
        guard let lineEnd = buffer[afterDelimiter...].firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.count - afterDelimiter > Self.maximumHeaderSize { throw MultipartError(.malformedDelimiter) }
            return false
        }
        // Every limit is checked on what was read, not on what a chunk happened to hold, so
        // that the outcome does not depend on the chunking.
        if lineEnd - afterDelimiter > Self.maximumHeaderSize { throw MultipartError(.malformedDelimiter) }
        readIndex = lineEnd + 1
        scanIndex = readIndex
        headers = []
        headerBytes = 0
        state = .headers
        return true
    }

    private mutating func consumeHeaders() throws(MultipartError) -> Bool {
        while true {
            guard let lineEnd = buffer[readIndex...].firstIndex(of: UInt8(ascii: "\n")) else {
                if headerBytes + buffer.count - readIndex > Self.maximumHeaderSize { throw MultipartError(.headersTooLarge) }
                return false
            }
            headerBytes += lineEnd + 1 - readIndex
            if headerBytes > Self.maximumHeaderSize { throw MultipartError(.headersTooLarge) }
            var line = buffer[readIndex..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            readIndex = lineEnd + 1
            if line.isEmpty {
                state = .body(contentLength: try contentLength())
                scanIndex = readIndex
                return true
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { throw MultipartError(.malformedHeader(text)) }
            headers.append((
                name: text[..<colon].trimmingSpaces().lowercased(),
                value: text[text.index(after: colon)...].trimmingSpaces()
            ))
            if headers.count > 64 { throw MultipartError(.headersTooLarge) }
        }
    }

    private func contentLength() throws(MultipartError) -> Int? {
        guard let value = headers.first(where: { $0.name == "content-length" })?.value else { return nil }
        guard let length = Int(value), length >= 0 else { throw MultipartError(.malformedHeader("content-length: \(value)")) }
        guard length <= maximumPartSize else { throw MultipartError(.partTooLarge(limit: maximumPartSize)) }
        return length
    }

    private mutating func consumeBody(contentLength: Int?) throws(MultipartError) -> Part? {
        if let contentLength {
            guard buffer.count - readIndex >= contentLength else { return nil }
            let body = Array(buffer[readIndex..<readIndex + contentLength])
            readIndex += contentLength
            scanIndex = readIndex
            state = .seekingDelimiter
            return Part(headers: headers, body: body)
        }
        if startsWithDelimiter(at: readIndex) {
            // An empty body: the delimiter follows the blank line directly.
            state = .seekingDelimiter
            scanIndex = readIndex
            return Part(headers: headers, body: [])
        }
        let searchFrom = max(readIndex, scanIndex - lineDelimiter.count)
        guard let end = find(lineDelimiter, from: searchFrom) else {
            scanIndex = buffer.count
            // The tail may be a `\r` and the start of the delimiter; the body is at least the rest.
            if buffer.count - readIndex - lineDelimiter.count > maximumPartSize {
                throw MultipartError(.partTooLarge(limit: maximumPartSize))
            }
            return nil
        }
        var bodyEnd = end
        if bodyEnd > readIndex, buffer[bodyEnd - 1] == UInt8(ascii: "\r") { bodyEnd -= 1 }
        if bodyEnd - readIndex > maximumPartSize { throw MultipartError(.partTooLarge(limit: maximumPartSize)) }
        let body = Array(buffer[readIndex..<bodyEnd])
        readIndex = end + 1
        scanIndex = readIndex
        state = .seekingDelimiter
        return Part(headers: headers, body: body)
    }

    private func startsWithDelimiter(at index: Int) -> Bool {
        guard buffer.count - index >= delimiter.count else { return false }
        return buffer[index..<index + delimiter.count].elementsEqual(delimiter)
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, buffer.count - start >= pattern.count else { return nil }
        var index = start
        let last = buffer.count - pattern.count
        while index <= last {
            guard let candidate = buffer[index...last].firstIndex(of: first) else { return nil }
            if buffer[candidate..<candidate + pattern.count].elementsEqual(pattern) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    /// Drops consumed bytes once they dominate the buffer, so memory stays one part's worth.
    private mutating func compact() {
        guard readIndex > 0, readIndex >= buffer.count / 2 else { return }
        buffer.removeFirst(readIndex)
        scanIndex = max(0, scanIndex - readIndex)
        readIndex = 0
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
