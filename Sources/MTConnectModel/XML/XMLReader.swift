internal import CLibXML2
import Foundation

/// The one place in MTConnectModel that touches libxml2 pointers: a pull reader over an
/// in-memory document (`xmlTextReader`), handing out names, attributes and text as Swift
/// values. Everything above it is safe Swift.
///
/// Not thread-safe and not Sendable: a reader is created, used and freed inside one
/// `withReader` call on the caller's thread.
final class XMLReader {
    enum NodeKind {
        case element
        case endElement
        case text
        case other
    }

    private let reader: xmlTextReaderPtr
    private let errors: ErrorSink
    private let limits: ParserLimits
    /// libxml2 interns names in a per-document dictionary, so a name's pointer identifies
    /// it for the reader's lifetime and each distinct name becomes a String only once.
    private var names: [UnsafeRawPointer: XMLName] = [:]
    private(set) var kind: NodeKind = .other
    private(set) var depth = 0

    /// libxml2 reports errors through a C callback; this box collects the first one.
    private final class ErrorSink {
        var first: (message: String, line: Int, column: Int)?
    }

    private static let initialized: Void = { xmlInitParser() }()

    /// Parser options: no network, no DTD loading, no entity substitution (`XML_PARSE_NOENT`
    /// is deliberately absent), CDATA merged into text.
    private static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                                       | XML_PARSE_COMPACT.rawValue | XML_PARSE_BIG_LINES.rawValue)

    /// Runs `body` with a reader over `bytes`. The bytes stay borrowed for the whole call.
    static func withReader<Result>(
        _ bytes: some Collection<UInt8>, limits: ParserLimits,
        _ body: (XMLReader) throws(MTConnectParseError) -> Result
    ) throws(MTConnectParseError) -> Result {
        if bytes.count > limits.maximumBytes {
            throw MTConnectParseError(.documentTooLarge,
                "the document has \(bytes.count) bytes, more than the limit of \(limits.maximumBytes); raise ParserLimits.maximumBytes if it is legitimate")
        }
        let outcome: Swift.Result<Result, MTConnectParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            run(UnsafeRawBufferPointer(buffer), limits: limits, body)
        }
        let result = outcome ?? Array(bytes).withUnsafeBytes { run($0, limits: limits, body) }
        return try result.get()
    }

    /// Runs `body` with a reader over the file at `path`, read in chunks as the reader asks
    /// for them: memory stays bounded by what `body` keeps, whatever the file's size.
    ///
    /// The prologue is read first, as far as the root element, to refuse a DOCTYPE before
    /// libxml2 sees it; the size limit is checked against the file's size and again while
    /// reading (a file that grows is cut off).
    static func withReader<Result>(
        fileAt path: String, limits: ParserLimits,
        _ body: (XMLReader) throws(MTConnectParseError) -> Result
    ) throws(MTConnectParseError) -> Result {
        let input = try FileInput(path: path, limits: limits)
        defer { input.close() }
        try input.readPrologue()
        _ = initialized
        let context = Unmanaged.passUnretained(input).toOpaque()
        guard let reader = xmlReaderForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<FileInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, length: Int(length))
        }, nil, context, nil, nil, options) else {
            throw MTConnectParseError(.malformedXML, "libxml2 could not create a reader (out of memory?)")
        }
        let xml = XMLReader(reader: reader, limits: limits)
        defer { xml.close() }
        do {
            return try body(xml)
        } catch {
            // A read cut off at the size limit shows as malformed XML to libxml2: say why.
            if let tooLarge = input.tooLarge { throw tooLarge }
            throw error
        }
    }

    /// The file behind ``withReader(fileAt:limits:_:)``: its descriptor, the prologue read
    /// ahead, and the byte count against the limit.
    private final class FileInput {
        let path: String
        let limits: ParserLimits
        private var descriptor: Int32
        private var prologue: [UInt8] = []
        private var served = 0
        private var total = 0
        private(set) var tooLarge: MTConnectParseError?

        init(path: String, limits: ParserLimits) throws(MTConnectParseError) {
            self.path = path
            self.limits = limits
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': \(String(cString: strerror(errno)))")
            }
            var status = stat()
            if fstat(descriptor, &status) == 0, Int(status.st_size) > limits.maximumBytes {
                let size = Int(status.st_size)
                close()
                throw MTConnectParseError(.documentTooLarge,
                    "'\(path)' has \(size) bytes, more than the limit of \(limits.maximumBytes); raise ParserLimits.maximumBytes if it is legitimate")
            }
        }

        func close() {
            if descriptor >= 0 { _ = Foundation.close(descriptor) }
            descriptor = -1
        }

        /// Reads ahead until the root element starts (or the file ends), refusing a DOCTYPE.
        func readPrologue() throws(MTConnectParseError) {
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let scan = prologue.withUnsafeBytes { DoctypeScanner.scanPrologue($0) }
                switch scan {
                case .doctype(let line, let column):
                    throw MTConnectParseError(.doctypeNotAllowed,
                        "the document has a <!DOCTYPE>; MTConnect documents need none and DTDs are refused so that entities can never be expanded or loaded",
                        line: line, column: column)
                case .rootElement:
                    return
                case .needMore:
                    let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0 {
                        throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': \(String(cString: strerror(errno)))")
                    }
                    if count == 0 { return }
                    prologue.append(contentsOf: chunk[..<count])
                    total += count
                    if total > limits.maximumBytes {
                        throw MTConnectParseError(.documentTooLarge,
                            "'\(path)' has more than \(limits.maximumBytes) bytes; raise ParserLimits.maximumBytes if it is legitimate")
                    }
                }
            }
        }

        /// libxml2's read callback: the prologue first, then the file; -1 past the limit.
        func read(into buffer: UnsafeMutablePointer<CChar>, length: Int) -> Int32 {
            if served < prologue.count {
                let count = min(length, prologue.count - served)
                prologue.withUnsafeBytes { bytes in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + served, byteCount: count)
                }
                served += count
                if served == prologue.count {
                    prologue = []
                    served = 0
                }
                return Int32(count)
            }
            let count = Foundation.read(descriptor, buffer, length)
            guard count >= 0 else { return -1 }
            total += count
            if total > limits.maximumBytes {
                tooLarge = MTConnectParseError(.documentTooLarge,
                    "'\(path)' has more than \(limits.maximumBytes) bytes; raise ParserLimits.maximumBytes if it is legitimate")
                return -1
            }
            return Int32(count)
        }
    }

    private static func run<Result>(
        _ buffer: UnsafeRawBufferPointer, limits: ParserLimits,
        _ body: (XMLReader) throws(MTConnectParseError) -> Result
    ) -> Swift.Result<Result, MTConnectParseError> {
        if let doctype = DoctypeScanner.findDoctype(in: buffer) {
            return .failure(MTConnectParseError(.doctypeNotAllowed,
                "the document has a <!DOCTYPE>; MTConnect documents need none and DTDs are refused so that entities can never be expanded or loaded",
                line: doctype.line, column: doctype.column))
        }
        _ = initialized
        let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
        let empty: StaticString = ""
        guard let reader = empty.withUTF8Buffer({ emptyBuffer in
            xmlReaderForMemory(base ?? UnsafeRawPointer(emptyBuffer.baseAddress!).assumingMemoryBound(to: CChar.self),
                               Int32(buffer.count), nil, nil, options)
        }) else {
            return .failure(MTConnectParseError(.malformedXML, "libxml2 could not create a reader (out of memory?)"))
        }
        let xml = XMLReader(reader: reader, limits: limits)
        defer { xml.close() }
        do {
            return .success(try body(xml))
        } catch {
            return .failure(error)
        }
    }

    private init(reader: xmlTextReaderPtr, limits: ParserLimits) {
        self.reader = reader
        self.limits = limits
        self.errors = ErrorSink()
        let sink = Unmanaged.passUnretained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let sink = Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue()
            guard sink.first == nil else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
            sink.first = (message.trimmingCharacters(in: .whitespacesAndNewlines),
                          Int(error.pointee.line), Int(error.pointee.int2))
        }, sink)
    }

    private func close() {
        xmlTextReaderClose(reader)
        xmlFreeTextReader(reader)
    }

    /// Moves to the next node. Returns false at the end of the document; throws on
    /// malformed XML or when a limit is exceeded.
    func read() throws(MTConnectParseError) -> Bool {
        let status = xmlTextReaderRead(reader)
        if status < 0 || errors.first != nil {
            throw malformed()
        }
        if status == 0 {
            return false
        }
        depth = Int(xmlTextReaderDepth(reader))
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue):
            kind = .element
            if depth >= limits.maximumDepth {
                throw error(.tooDeep,
                    "elements nest deeper than \(limits.maximumDepth) levels; raise ParserLimits.maximumDepth if the document is legitimate")
            }
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
            kind = .endElement
        case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
            kind = .text
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
            throw error(.doctypeNotAllowed, "DTDs and entity references other than the predefined ones are refused")
        default:
            kind = .other
        }
        return true
    }

    private func malformed() -> MTConnectParseError {
        if let first = errors.first {
            return MTConnectParseError(.malformedXML, "the document is not well-formed XML: \(first.message)",
                                       line: first.line, column: first.column)
        }
        return error(.malformedXML, "the document is not well-formed XML")
    }

    /// An error located at the reader's current position.
    func error(_ code: MTConnectParseError.Code, _ message: String) -> MTConnectParseError {
        // The parser reads ahead of the reader, so its position can be lines past the
        // node; the node's own line is exact, and the column is only known when the
        // parser is still on that line.
        let parserLine = Int(xmlTextReaderGetParserLineNumber(reader))
        let nodeLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? 0
        let line = nodeLine > 0 ? nodeLine : parserLine
        let column = line == parserLine ? Int(xmlTextReaderGetParserColumnNumber(reader)) : 0
        return MTConnectParseError(code, message, line: line, column: column)
    }

    /// True for `<a/>`, whose end produces no `.endElement` node.
    var isEmptyElement: Bool {
        xmlTextReaderIsEmptyElement(reader) == 1
    }

    /// The local name of the current element or attribute.
    var name: XMLName {
        guard let pointer = xmlTextReaderConstLocalName(reader) else { return XMLName("") }
        let key = UnsafeRawPointer(pointer)
        if let known = names[key] {
            return known
        }
        let created = XMLName(String(cString: pointer))
        names[key] = created
        return created
    }

    /// The namespace URI of the current element or attribute, nil when it has none.
    var namespaceURI: String? {
        xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) }
    }

    /// Moves to the next attribute of the current element, skipping namespace declarations.
    /// Call ``moveToElement()`` when done.
    func nextAttribute() -> Bool {
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) != 1 {
                return true
            }
        }
        return false
    }

    func moveToElement() {
        xmlTextReaderMoveToElement(reader)
    }

    /// The value of the current attribute or text node.
    var value: String {
        xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
    }

    /// The current attribute or text read as an unsigned decimal, without building a String.
    var unsignedValue: UInt64? {
        withValueBytes { bytes in
            guard !bytes.isEmpty else { return nil }
            var result: UInt64 = 0
            for byte in bytes {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                let (times10, overflow1) = result.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                result = sum
            }
            return result
        }
    }

    /// The current attribute or text read as a floating-point number (surrounding
    /// whitespace allowed), without building a String.
    var doubleValue: Double? {
        guard let pointer = xmlTextReaderConstValue(reader) else { return nil }
        return pointer.withMemoryRebound(to: CChar.self, capacity: 1) { text in
            var end: UnsafeMutablePointer<CChar>?
            let number = strtod(text, &end)
            guard let end, end != text else { return nil }
            var rest = end
            while rest.pointee == 0x20 || rest.pointee == 0x0A || rest.pointee == 0x09 || rest.pointee == 0x0D {
                rest += 1
            }
            return rest.pointee == 0 && number.isFinite ? number : nil
        }
    }

    /// The current attribute or text read as an ISO 8601 timestamp.
    var timestampValue: MTConnectTimestamp? {
        withValueBytes { MTConnectTimestamp.parse($0) }
    }

    /// True when the current attribute or text is exactly `literal`.
    func valueEquals(_ literal: StaticString) -> Bool {
        withValueBytes { bytes in
            literal.withUTF8Buffer { expected in
                bytes.elementsEqual(expected)
            }
        }
    }

    private func withValueBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        guard let pointer = xmlTextReaderConstValue(reader) else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let length = pointer.withMemoryRebound(to: CChar.self, capacity: 1) { strlen($0) }
        return body(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
