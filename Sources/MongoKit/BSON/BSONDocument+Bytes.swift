extension BSONDocument {
    /// Parses serialized BSON bytes through libbson, validating structure and UTF-8.
    /// - Throws: ``BSONError`` when the bytes are not a valid document or hold a type
    ///   MongoKit does not read.
    public init(bytes: [UInt8]) throws(BSONError) {
        self = try LibBSON.document(fromBytes: bytes)
    }

    /// The document serialized by libbson.
    /// - Throws: ``BSONError`` when a key holds a NUL byte or the document is too large.
    public func bytes() throws(BSONError) -> [UInt8] {
        do {
            return try LibBSON.bytes(of: self)
        } catch let error as BSONError {
            throw error
        } catch {
            throw .invalidDocument("\(error)")
        }
    }

    /// The document as relaxed extended JSON (libbson's rendering), for logs and messages.
    public func extendedJSON() throws(BSONError) -> String {
        do {
            return try LibBSON.relaxedExtendedJSON(of: self)
        } catch let error as BSONError {
            throw error
        } catch {
            throw .invalidDocument("\(error)")
        }
    }
}

extension BSONDocument: CustomStringConvertible {
    /// Relaxed extended JSON, or the raw elements when libbson cannot render them (a key
    /// with a NUL byte).
    public var description: String {
        (try? extendedJSON()) ?? "\(elements)"
    }
}
