extension BSONDocument {
    /// Splits concatenated BSON documents (the layout of `mongodump`'s `.bson` files) and
    /// parses each one.
    /// - Throws: ``BSONError`` naming the byte offset of the first document that is cut
    ///   short or corrupt.
    public static func documents(concatenatedIn bytes: [UInt8]) throws(BSONError) -> [BSONDocument] {
        var documents: [BSONDocument] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 5 else {
                throw .invalidDocument("\(bytes.count - offset) trailing bytes at offset \(offset) are too few for a document")
            }
            let length = bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            guard length >= 5, length <= bytes.count - offset else {
                throw .invalidDocument("the document at offset \(offset) declares \(length) bytes but \(bytes.count - offset) remain")
            }
            do {
                documents.append(try BSONDocument(bytes: Array(bytes[offset..<offset + length])))
            } catch {
                throw .invalidDocument("at offset \(offset): \(error.message)")
            }
            offset += length
        }
        return documents
    }
}
