/// One error reported in an `MTConnectError` document.
public struct AgentError: Sendable, Hashable, Codable {
    public var code: Code
    public var message: String
    /// The element name: `Error` for the legacy form, `OutOfRange`, `InvalidRequest`, … for 2.6.
    public var elementName: String
    /// Other child elements of a 2.6 typed error (`URI`, `Request`, `QueryParameter`, …).
    public var details: [GenericElement]

    public init(code: Code, message: String, elementName: String = "Error", details: [GenericElement] = []) {
        self.code = code
        self.message = message
        self.elementName = elementName
        self.details = details
    }

    /// An MTConnect error code. An extensible set: codes from newer agents are kept as sent.
    public struct Code: Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(_ rawValue: String) {
            self.rawValue = rawValue
        }

        public static let assetNotFound = Code("ASSET_NOT_FOUND")
        public static let internalError = Code("INTERNAL_ERROR")
        public static let invalidRequest = Code("INVALID_REQUEST")
        public static let invalidURI = Code("INVALID_URI")
        public static let invalidXPath = Code("INVALID_XPATH")
        public static let noDevice = Code("NO_DEVICE")
        public static let outOfRange = Code("OUT_OF_RANGE")
        public static let queryError = Code("QUERY_ERROR")
        public static let tooMany = Code("TOO_MANY")
        public static let unauthorized = Code("UNAUTHORIZED")
        public static let unsupported = Code("UNSUPPORTED")
        public static let failure = Code("FAILURE")

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }
}
