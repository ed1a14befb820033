import Foundation

/// Parses MTConnect response documents (probe, current/sample, assets, errors) from bytes
/// or files with libxml2's streaming reader.
///
/// Elements are matched by local name, so documents of any version from 1.0 to 2.7, with
/// a namespace, with a prefix only, or with none, read alike. Unknown elements and
/// extension namespaces are kept (``GenericElement``) or skipped, never fatal. DTDs are
/// refused and external entities are never loaded.
///
/// A parser is a small value: make one per call or share one; it holds no state.
public struct MTConnectParser: Sendable {
    public var limits: ParserLimits

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
    }

    /// Parses any MTConnect document, telling the kind apart by the root element.
    /// An `MTConnectError` document is returned as ``MTConnectDocument/error(_:)``, not thrown.
    public func parse(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> MTConnectDocument {
        try XMLReader.withReader(bytes, limits: limits) { reader throws(MTConnectParseError) in
            let root = try Self.moveToRoot(reader)
            let version = reader.namespaceURI.flatMap { MTConnectVersion(namespaceURN: $0) }
            switch root.token {
            case .mtconnectStreams:
                var builder = StreamsTreeBuilder()
                do {
                    try StreamsParser(reader: reader).parse(into: &builder)
                } catch let error as MTConnectParseError {
                    throw error
                } catch {
                    throw MTConnectParseError(.invalidValue, "\(error)")
                }
                return .streams(StreamsDocument(
                    header: builder.header, version: version ?? builder.header.version.flatMap { MTConnectVersion($0) },
                    deviceStreams: builder.deviceStreams))
            case .mtconnectDevices:
                return .devices(try DevicesMapper.document(try GenericTreeReader(reader: reader).readElement(), version: version))
            case .mtconnectAssets:
                return .assets(AssetsMapper.document(try GenericTreeReader(reader: reader).readElement(), version: version))
            case .mtconnectError:
                return .error(ErrorMapper.document(try GenericTreeReader(reader: reader).readElement(), version: version))
            default:
                throw reader.error(.unknownDocument,
                    "the root element <\(root.string)> is not MTConnectDevices, MTConnectStreams, MTConnectAssets or MTConnectError")
            }
        }
    }

    /// Parses the file at `path` as any MTConnect document.
    public func parse(contentsOfFile path: String) throws(MTConnectParseError) -> MTConnectDocument {
        try parse(try readFile(path))
    }

    /// Parses an `MTConnectStreams` document, as one `/current` or `/sample` response or
    /// one part of a multipart `interval` stream.
    ///
    /// - Throws: ``MTConnectParseError`` with code ``MTConnectParseError/Code/agentError`` and
    ///   the agent's errors in ``MTConnectParseError/agentErrors`` when the bytes are an
    ///   `MTConnectError` document; ``MTConnectParseError/Code/unexpectedDocument`` for
    ///   other kinds.
    public func parseStreams(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> StreamsDocument {
        switch try parse(bytes) {
        case .streams(let document): return document
        case .error(let errors): throw Self.agentError(errors)
        case let other: throw Self.unexpected(other, expected: "MTConnectStreams")
        }
    }

    /// Parses an `MTConnectDevices` (probe) document. Throws as ``parseStreams(_:)`` does.
    public func parseDevices(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> DevicesDocument {
        switch try parse(bytes) {
        case .devices(let document): return document
        case .error(let errors): throw Self.agentError(errors)
        case let other: throw Self.unexpected(other, expected: "MTConnectDevices")
        }
    }

    /// Parses an `MTConnectAssets` document. Throws as ``parseStreams(_:)`` does.
    public func parseAssets(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> AssetsDocument {
        switch try parse(bytes) {
        case .assets(let document): return document
        case .error(let errors): throw Self.agentError(errors)
        case let other: throw Self.unexpected(other, expected: "MTConnectAssets")
        }
    }

    /// Parses an `MTConnectError` document into the agent's errors.
    public func parseError(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> ErrorDocument {
        switch try parse(bytes) {
        case .error(let document): return document
        case let other: throw Self.unexpected(other, expected: "MTConnectError")
        }
    }

    /// Parses a bare asset element (`<CuttingTool …>`, `<Part …>`), as an adapter sends it
    /// with `@ASSET@` or a client posts it.
    public func parseAsset(_ bytes: some Collection<UInt8>) throws(MTConnectParseError) -> Asset {
        try XMLReader.withReader(bytes, limits: limits) { reader throws(MTConnectParseError) in
            _ = try Self.moveToRoot(reader)
            let element = try GenericTreeReader(reader: reader).readElement()
            while try reader.read() {}
            return AssetsMapper.asset(element)
        }
    }

    /// Reads an `MTConnectStreams` document and hands each observation to `body` as soon
    /// as it is read, without building the document tree: memory stays flat however many
    /// observations a `/sample` response holds.
    ///
    /// - Parameters:
    ///   - header: called once with the document's header, before the first observation.
    ///   - body: called for each observation in document order.
    /// - Throws: ``MTConnectParseError`` (an `MTConnectError` document gives
    ///   ``MTConnectParseError/Code/agentError``), or whatever `header` or `body` throws,
    ///   which stops the parse.
    public func forEachObservation(
        in bytes: some Collection<UInt8>,
        header: (Header) throws -> Void = { _ in },
        _ body: (Observation) throws -> Void
    ) throws {
        try forEachObservation(reading: { parse throws(MTConnectParseError) in
            try XMLReader.withReader(bytes, limits: limits, parse)
        }, header: header, body)
    }

    private func forEachObservation(
        reading withReader: ((XMLReader) throws(MTConnectParseError) -> MTConnectDocument?) throws(MTConnectParseError) -> MTConnectDocument?,
        header: (Header) throws -> Void,
        _ body: (Observation) throws -> Void
    ) throws {
        // The closures do not escape; the visitor only lives for this call.
        try withoutActuallyEscaping(header) { header in
            try withoutActuallyEscaping(body) { body in
                var failure: (any Error)?
                let result: MTConnectDocument? = try withReader { reader throws(MTConnectParseError) in
                    let root = try Self.moveToRoot(reader)
                    switch root.token {
                    case .mtconnectStreams:
                        var visitor = StreamsCallbackVisitor(onHeader: header, onObservation: body)
                        do {
                            try StreamsParser(reader: reader).parse(into: &visitor)
                            if let headerError = visitor.headerError {
                                failure = headerError
                            }
                        } catch let error as MTConnectParseError {
                            throw error
                        } catch {
                            failure = error
                        }
                        return nil
                    case .mtconnectError:
                        let errors = ErrorMapper.document(try GenericTreeReader(reader: reader).readElement(), version: nil)
                        return .error(errors)
                    default:
                        throw reader.error(.unexpectedDocument,
                            "expected an MTConnectStreams document but the root element is <\(root.string)>")
                    }
                }
                if let failure {
                    throw failure
                }
                if case .error(let errors) = result {
                    throw Self.agentError(errors)
                }
            }
        }
    }

    /// Streams the observations of the `MTConnectStreams` document in the file at `path`.
    ///
    /// The file is read in chunks as the parse proceeds, never whole: memory stays bounded
    /// whatever its size, and an error early in a large file is reported without reading the
    /// rest.
    public func forEachObservation(
        inFile path: String,
        header: (Header) throws -> Void = { _ in },
        _ body: (Observation) throws -> Void
    ) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': no such file")
        }
        try forEachObservation(reading: { parse throws(MTConnectParseError) in
            try XMLReader.withReader(fileAt: path, limits: limits, parse)
        }, header: header, body)
    }

    private static func moveToRoot(_ reader: XMLReader) throws(MTConnectParseError) -> XMLName {
        while try reader.read() {
            if reader.kind == .element {
                return reader.name
            }
        }
        throw MTConnectParseError(.malformedXML, "the input holds no XML element (is it empty?)", line: 1, column: 1)
    }

    private static func agentError(_ errors: ErrorDocument) -> MTConnectParseError {
        MTConnectParseError(.agentError, "the agent answered with an MTConnectError document: \(errors)", agentErrors: errors)
    }

    private static func unexpected(_ document: MTConnectDocument, expected: String) -> MTConnectParseError {
        MTConnectParseError(.unexpectedDocument, "expected an \(expected) document but got \(document.kindName)")
    }

    func readFile(_ path: String) throws(MTConnectParseError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': no such file")
        }
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': \(error.localizedDescription)")
        }
        if size > limits.maximumBytes {
            throw MTConnectParseError(.documentTooLarge,
                "'\(path)' has \(size) bytes, more than the limit of \(limits.maximumBytes); raise ParserLimits.maximumBytes if it is legitimate")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MTConnectParseError(.fileUnreadable, "cannot read '\(path)': the file cannot be opened")
        }
        return [UInt8](data)
    }
}
