/// A response as it is stored and replayed: status, the headers worth replaying, and the body.
public struct IdempotentResponse: Hashable, Sendable {
    /// One header field; names compare case-insensitively when the gate selects them.
    public struct Header: Hashable, Sendable {
        /// The field name as the handler wrote it.
        public var name: String
        /// The field value.
        public var value: String

        /// Creates a header field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP status code, 100–599.
    public var status: Int
    /// The header fields, in order.
    public var headers: [Header]
    /// The body bytes, replayed exactly.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [Header] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    public func headerValue(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
