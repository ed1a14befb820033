/// Why a document, fragment or SHDR line could not be read.
///
/// ``line`` and ``column`` (1-based) point at the place in the input where reading
/// stopped; they are 0 when unknown (the column of an error found in an element the
/// parser has already read past, or an error about the input as a whole).
public struct MTConnectParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: Code
    /// What went wrong, in words a user can act on.
    public let message: String
    public let line: Int
    public let column: Int
    /// Set when the input was a well-formed `MTConnectError` document where another kind
    /// was asked for: the agent's own errors.
    public let agentErrors: ErrorDocument?

    init(_ code: Code, _ message: String, line: Int = 0, column: Int = 0, agentErrors: ErrorDocument? = nil) {
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.agentErrors = agentErrors
    }

    public var description: String {
        switch (line, column) {
        case (0, _): message
        case (_, 0): "line \(line): \(message)"
        default: "line \(line), column \(column): \(message)"
        }
    }

    /// The kind of failure. Compare with the static members; new kinds may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case malformedXML, doctypeNotAllowed, documentTooLarge, tooDeep, unknownDocument,
                 unexpectedDocument, agentError, invalidValue, missingAttribute, invalidSHDR, fileUnreadable
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The input is not well-formed XML (truncated, mismatched tags, unbound prefix, …).
        public static let malformedXML = Code(.malformedXML)
        /// The document has a `<!DOCTYPE>`; DTDs are refused so entities can never expand.
        public static let doctypeNotAllowed = Code(.doctypeNotAllowed)
        /// The input is larger than ``ParserLimits/maximumBytes``.
        public static let documentTooLarge = Code(.documentTooLarge)
        /// Elements nest deeper than ``ParserLimits/maximumDepth``.
        public static let tooDeep = Code(.tooDeep)
        /// The root element is not an MTConnect document or fragment this parser knows.
        public static let unknownDocument = Code(.unknownDocument)
        /// A different kind of document than the one asked for.
        public static let unexpectedDocument = Code(.unexpectedDocument)
        /// The agent answered with an `MTConnectError` document; see
        /// ``MTConnectParseError/agentErrors``.
        public static let agentError = Code(.agentError)
        /// An attribute or text has a value that cannot be read (a sequence that is not a
        /// number, a timestamp that is not ISO 8601, …), or an element is where it cannot be
        /// filed (observations outside a `<ComponentStream>`).
        public static let invalidValue = Code(.invalidValue)
        /// A required attribute is missing (`dataItemId`, `sequence`, `timestamp`, `id`, …).
        public static let missingAttribute = Code(.missingAttribute)
        /// An SHDR line cannot be read.
        public static let invalidSHDR = Code(.invalidSHDR)
        /// The file could not be opened or read.
        public static let fileUnreadable = Code(.fileUnreadable)

        public var description: String { kind.rawValue }
    }
}
