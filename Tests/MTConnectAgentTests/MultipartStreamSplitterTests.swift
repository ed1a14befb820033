import MTConnectAgent
import Testing

@Suite struct MultipartStreamSplitterTests {
    static func stream(_ bodies: [String], boundary: String = "b0undary", contentLength: Bool, closing: Bool = false) -> [UInt8] {
        var text = "preamble is ignored\r\n"
        for body in bodies {
            text += "--\(boundary)\r\nContent-type: text/xml\r\n"
            if contentLength { text += "Content-length: \(body.utf8.count)\r\n" }
            text += "\r\n\(body)\r\n"
        }
        if closing { text += "--\(boundary)--\r\n" }
        return Array(text.utf8)
    }

    static let bodies = [
        "<MTConnectStreams>first</MTConnectStreams>",
        "",
        "<a>body with --b0undar and \r\n line breaks and --b0undaryish text</a>",
        String(repeating: "x", count: 5000),
    ]

    @Test("splits parts with and without Content-Length, whatever the chunk size",
          arguments: [true, false], [1, 2, 3, 7, 13, 64, 1000, 100_000])
    func splitsPartsAtAnyChunking(contentLength: Bool, chunkSize: Int) throws {
        var bodies = Self.bodies
        if !contentLength {
            // Without a length, a body containing "\n--boundary" would be ambiguous by design.
            bodies[2] = "<a>body with --b0undar and \r\n line breaks</a>"
        }
        let bytes = Self.stream(bodies, contentLength: contentLength, closing: true)
        var splitter = MultipartStreamSplitter(boundary: "b0undary")
        var received: [String] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + chunkSize, bytes.count)
            for part in try splitter.append(bytes[offset..<end]) {
                received.append(String(decoding: part.body, as: UTF8.self))
                #expect(part.header("Content-Type") == "text/xml")
            }
            offset = end
        }
        #expect(received == bodies)
        #expect(splitter.isFinished)
    }

    @Test("a body that contains the boundary text is kept whole when Content-Length is given")
    func contentLengthWinsOverDelimiterText() throws {
        let body = "<x>\r\n--b0undary\r\nnot a part</x>"
        var splitter = MultipartStreamSplitter(boundary: "b0undary")
        let parts = try splitter.append(Self.stream([body, "<y/>"], contentLength: true))
        #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == [body, "<y/>"])
    }

    @Test("a part without Content-Length is held back until the next delimiter arrives")
    func partWithoutLengthWaitsForDelimiter() throws {
        var splitter = MultipartStreamSplitter(boundary: "abc")
        #expect(try splitter.append(Array("--abc\r\n\r\n<doc/>\r\n".utf8)).isEmpty)
        let parts = try splitter.append(Array("--abc\r\n\r\n".utf8))
        #expect(parts.map(\.body) == [Array("<doc/>".utf8)])
    }

    @Test("accepts bare line feeds as well as CRLF")
    func acceptsBareLineFeeds() throws {
        var splitter = MultipartStreamSplitter(boundary: "abc")
        let parts = try splitter.append(Array("--abc\nContent-Type: text/xml\n\n<one/>\n--abc\n\n<two/>\n--abc--\n".utf8))
        #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == ["<one/>", "<two/>"])
        #expect(splitter.isFinished)
    }

    @Test("a part larger than the limit is a typed error, not unbounded memory", arguments: [true, false])
    func oversizedPartIsRejected(contentLength: Bool) throws {
        var splitter = MultipartStreamSplitter(boundary: "abc", maximumPartSize: 100)
        let bytes = Self.stream([String(repeating: "y", count: 500)], boundary: "abc", contentLength: contentLength)
        #expect(throws: MultipartError.self) {
            _ = try splitter.append(bytes)
        }
    }

    // Found by Fuzz/FuzzMultipart: without Content-Length, a part over the limit was refused
    // only when a chunk ended inside it; fed whole it was returned.
    @Test("a part over the limit is refused however the stream is chunked", arguments: [1, 7, 64, 10_000])
    func oversizedPartIsRejectedAtAnyChunking(chunkSize: Int) throws {
        let bytes = Self.stream([String(repeating: "y", count: 101), "<ok/>"], boundary: "abc", contentLength: false, closing: true)
        var splitter = MultipartStreamSplitter(boundary: "abc", maximumPartSize: 100)
        let error = #expect(throws: MultipartError.self) {
            var offset = 0
            while offset < bytes.count {
                _ = try splitter.append(bytes[offset..<min(offset + chunkSize, bytes.count)])
                offset += chunkSize
            }
        }
        #expect(error?.isPartTooLarge == true)
    }

    @Test("a part exactly at the limit is accepted however the stream is chunked", arguments: [1, 7, 10_000])
    func partAtTheLimitIsAccepted(chunkSize: Int) throws {
        let bytes = Self.stream([String(repeating: "y", count: 100)], boundary: "abc", contentLength: false, closing: true)
        var splitter = MultipartStreamSplitter(boundary: "abc", maximumPartSize: 100)
        var parts: [MultipartStreamSplitter.Part] = []
        var offset = 0
        while offset < bytes.count {
            parts += try splitter.append(bytes[offset..<min(offset + chunkSize, bytes.count)])
            offset += chunkSize
        }
        #expect(parts.map(\.body.count) == [100])
    }

    @Test("a header block over 16 KiB is refused however the stream is chunked", arguments: [1000, 100_000])
    func oversizedHeadersAreRejectedAtAnyChunking(chunkSize: Int) throws {
        let header = "X-Long: " + String(repeating: "h", count: 17 * 1024) + "\r\n"
        let bytes = Array("--abc\r\n\(header)\r\n<doc/>\r\n--abc--\r\n".utf8)
        var splitter = MultipartStreamSplitter(boundary: "abc")
        #expect(throws: MultipartError.headersTooLarge) {
            var offset = 0
            while offset < bytes.count {
                _ = try splitter.append(bytes[offset..<min(offset + chunkSize, bytes.count)])
                offset += chunkSize
            }
        }
    }

    @Test("a malformed part header is a typed error")
    func malformedHeaderIsRejected() {
        var splitter = MultipartStreamSplitter(boundary: "abc")
        #expect(throws: MultipartError.self) {
            _ = try splitter.append(Array("--abc\r\nno colon here\r\n\r\n".utf8))
        }
    }

    @Test("a non-numeric Content-Length is a typed error")
    func badContentLengthIsRejected() {
        var splitter = MultipartStreamSplitter(boundary: "abc")
        #expect(throws: MultipartError.self) {
            _ = try splitter.append(Array("--abc\r\nContent-Length: ten\r\n\r\n".utf8))
        }
    }

    @Test("reads the boundary from a Content-Type", arguments: [
        ("multipart/mixed;boundary=abc123", "abc123"),
        ("multipart/x-mixed-replace; boundary=\"quoted value\"", "quoted value"),
        ("Multipart/Mixed; charset=utf-8; BOUNDARY=x", "x"),
        ("text/xml", nil),
        ("multipart/mixed", nil),
        ("multipart/mixed; boundary=", nil),
    ] as [(String, String?)])
    func readsBoundary(contentType: String, expected: String?) {
        #expect(MultipartStreamSplitter.boundary(fromContentType: contentType) == expected)
    }
}
