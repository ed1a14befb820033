public import HTTPTypes

extension IdempotencyHTTPMapping {
    /// The key sent in `fields` (Hummingbird's `request.headers`, `HTTPRequest.headerFields`),
    /// as ``key(in:)-(Sequence<(name:String,value:String)>)``.
    ///
    /// - Throws: ``IdempotencyError/Code/malformedKey`` if the fields carry different keys.
    public func key(in fields: HTTPFields) throws(IdempotencyError) -> String? {
        try key(in: fields.lazy.map { (name: $0.name.canonicalName, value: $0.value) })
    }

    /// The fields of a stored or mapped response, for a framework that speaks `HTTPTypes`.
    public static func fields(of response: IdempotentResponse) -> HTTPFields {
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return fields
    }
}
