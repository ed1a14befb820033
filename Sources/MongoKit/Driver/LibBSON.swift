import Foundation
internal import CBSON

/// Converts between ``BSONDocument`` and libbson's `bson_t`. Every libbson pointer MongoKit
/// touches goes through here or through the libmongoc calls in this folder; pointers never
/// outlive the closure they are handed to.
enum LibBSON {
    /// Builds a heap `bson_t` for `document`, hands it to `body`, and destroys it afterwards.
    static func withBSON<Result>(
        _ document: BSONDocument,
        _ body: (OpaquePointer) throws -> Result
    ) throws -> Result {
        guard let bson = bson_new() else {
            throw BSONError.invalidDocument("libbson could not allocate a document")
        }
        defer { bson_destroy(bson) }
        try appendElements(of: document, to: bson)
        return try body(bson)
    }

    /// Like ``withBSON(_:_:)`` for an optional document: `nil` reaches `body` as `nil`.
    static func withOptionalBSON<Result>(
        _ document: BSONDocument?,
        _ body: (OpaquePointer?) throws -> Result
    ) throws -> Result {
        guard let document else { return try body(nil) }
        return try withBSON(document) { try body($0) }
    }

    /// The serialized bytes of `document`, produced by libbson.
    static func bytes(of document: BSONDocument) throws -> [UInt8] {
        try withBSON(document) { bson in
            let length = Int(mtc_bson_length(bson))
            guard let data = bson_get_data(bson) else { return [] }
            return Array(UnsafeBufferPointer(start: data, count: length))
        }
    }

    /// Parses serialized BSON, validating structure and UTF-8 first because the bytes may
    /// come from anywhere.
    static func document(fromBytes bytes: [UInt8]) throws(BSONError) -> BSONDocument {
        guard bytes.count >= 5 else {
            throw .invalidDocument("\(bytes.count) bytes is shorter than the 5-byte minimum")
        }
        let result: Result<BSONDocument, BSONError> = bytes.withUnsafeBufferPointer { buffer in
            withUninitializedBSON { bson in
                guard bson_init_static(bson, buffer.baseAddress, buffer.count) else {
                    return .failure(.invalidDocument("the length prefix does not match the \(buffer.count) bytes given"))
                }
                var offset = 0
                let flags = BSON_VALIDATE_UTF8.rawValue | BSON_VALIDATE_UTF8_ALLOW_NULL.rawValue
                guard bson_validate(bson, bson_validate_flags_t(flags), &offset) else {
                    return .failure(.invalidDocument("corrupt element or invalid UTF-8 at byte \(offset)"))
                }
                return Result { () throws(BSONError) in try document(from: bson) }
            }
        }
        return try result.get()
    }

    /// Reads a `bson_t` that libbson or libmongoc produced.
    static func document(from bson: OpaquePointer) throws(BSONError) -> BSONDocument {
        let result: Result<BSONDocument, BSONError> = withIterator { iterator in
            guard bson_iter_init(iterator, bson) else {
                return .failure(.invalidDocument("libbson could not iterate the document"))
            }
            return Result { () throws(BSONError) in try readElements(iterator) }
        }
        return try result.get()
    }

    /// Relaxed extended JSON, for logs and error messages.
    static func relaxedExtendedJSON(of document: BSONDocument) throws -> String {
        try withBSON(document) { bson in
            var length = 0
            guard let json = bson_as_relaxed_extended_json(bson, &length) else {
                throw BSONError.invalidDocument("libbson could not render the document as JSON")
            }
            defer { bson_free(json) }
            return String(cString: json)
        }
    }

    /// Storage for a `bson_t` that a C function initialises (reply out-parameters). The
    /// value is destroyed after `body`; `bson_destroy` frees only what libbson allocated
    /// because such values are marked static.
    static func withReply<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try withUninitializedBSON { reply in
            bson_init(reply)
            defer { bson_destroy(reply) }
            return try body(reply)
        }
    }

    // MARK: - Storage

    private static func withUninitializedBSON<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: mtc_bson_size(), alignment: mtc_bson_alignment())
        defer { storage.deallocate() }
        return try body(OpaquePointer(storage))
    }

    private static func withIterator<Result>(_ body: (OpaquePointer) -> Result) -> Result {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: mtc_bson_iter_size(), alignment: mtc_bson_alignment())
        defer { storage.deallocate() }
        return body(OpaquePointer(storage))
    }

    // MARK: - Writing

    private static func appendElements(of document: BSONDocument, to bson: OpaquePointer) throws(BSONError) {
        for (key, value) in document {
            try append(value, key: key, to: bson)
        }
    }

    private static func append(_ value: BSON, key: String, to bson: OpaquePointer) throws(BSONError) {
        if key.utf8.contains(0) {
            throw .invalidKey(key)
        }
        let keyLength = Int32(clamping: key.utf8.count)
        let outcome: Result<Bool, BSONError> = key.withCString { key in
            Result { () throws(BSONError) in try append(value, key: key, keyLength: keyLength, to: bson) }
        }
        guard try outcome.get() else {
            throw .documentTooLarge(key: key)
        }
    }

    private static func append(
        _ value: BSON,
        key: UnsafePointer<CChar>,
        keyLength: Int32,
        to bson: OpaquePointer
    ) throws(BSONError) -> Bool {
        switch value {
        case .double(let double):
            return bson_append_double(bson, key, keyLength, double)
        case .string(let string):
            let length = Int32(clamping: string.utf8.count)
            return string.withCString { bson_append_utf8(bson, key, keyLength, $0, length) }
        case .document(let document):
            return try withChild(of: bson) { (child) throws(BSONError) -> Bool in
                guard bson_append_document_begin(bson, key, keyLength, child) else { return false }
                try appendElements(of: document, to: child)
                return bson_append_document_end(bson, child)
            }
        case .array(let array):
            return try withChild(of: bson) { (child) throws(BSONError) -> Bool in
                guard bson_append_array_begin(bson, key, keyLength, child) else { return false }
                for (index, element) in array.enumerated() {
                    try append(element, key: String(index), to: child)
                }
                return bson_append_array_end(bson, child)
            }
        case .binary(let binary):
            let subtype = bson_subtype_t(UInt32(binary.subtype.rawValue))
            let length = UInt32(clamping: binary.data.count)
            guard length > 0 else {
                // libbson wants a non-null pointer even for zero bytes.
                var empty: UInt8 = 0
                return bson_append_binary(bson, key, keyLength, subtype, &empty, 0)
            }
            return binary.data.withUnsafeBytes { bytes in
                bson_append_binary(bson, key, keyLength, subtype, bytes.bindMemory(to: UInt8.self).baseAddress, length)
            }
        case .objectId(let objectId):
            var oid = bson_oid_t()
            objectId.bytes.withUnsafeBufferPointer { bson_oid_init_from_data(&oid, $0.baseAddress) }
            return bson_append_oid(bson, key, keyLength, &oid)
        case .bool(let bool):
            return bson_append_bool(bson, key, keyLength, bool)
        case .datetime(let date):
            return bson_append_date_time(bson, key, keyLength, milliseconds(of: date))
        case .null:
            return bson_append_null(bson, key, keyLength)
        case .int32(let int):
            return bson_append_int32(bson, key, keyLength, int)
        case .int64(let int):
            return bson_append_int64(bson, key, keyLength, int)
        case .timestamp(let timestamp):
            return bson_append_timestamp(bson, key, keyLength, timestamp.timestamp, timestamp.increment)
        }
    }

    /// Child documents are written in place into the parent's buffer through a second
    /// `bson_t` that needs 128-byte aligned storage of its own.
    private static func withChild(
        of parent: OpaquePointer,
        _ body: (OpaquePointer) throws(BSONError) -> Bool
    ) throws(BSONError) -> Bool {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: mtc_bson_size(), alignment: mtc_bson_alignment())
        defer { storage.deallocate() }
        return try body(OpaquePointer(storage))
    }

    static func milliseconds(of date: Date) -> Int64 {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        return Int64(exactly: milliseconds) ?? (milliseconds < 0 ? .min : .max)
    }

    // MARK: - Reading

    private static func readElements(_ iterator: OpaquePointer) throws(BSONError) -> BSONDocument {
        var document = BSONDocument()
        while bson_iter_next(iterator) {
            let key = try string(UnsafeRawBufferPointer(start: bson_iter_key(iterator), count: Int(bson_iter_key_len(iterator))))
            document.append(key: key, value: try readValue(iterator, key: key))
        }
        return document
    }

    /// Decodes UTF-8 strictly: repairing invalid bytes would silently change stored data.
    private static func string(_ bytes: UnsafeRawBufferPointer, key: String? = nil) throws(BSONError) -> String {
        guard let string = String(validating: bytes, as: UTF8.self) else {
            let location = key.map { "the string at \"\($0)\"" } ?? "a key"
            throw .invalidDocument("\(location) is not valid UTF-8")
        }
        return string
    }

    private static func readArray(_ iterator: OpaquePointer) throws(BSONError) -> [BSON] {
        var array = [BSON]()
        while bson_iter_next(iterator) {
            array.append(try readValue(iterator, key: String(cString: bson_iter_key(iterator))))
        }
        return array
    }

    private static func readValue(_ iterator: OpaquePointer, key: String) throws(BSONError) -> BSON {
        let type = bson_iter_type(iterator)
        switch type {
        case BSON_TYPE_DOUBLE:
            return .double(bson_iter_double(iterator))
        case BSON_TYPE_UTF8:
            var length: UInt32 = 0
            let pointer = bson_iter_utf8(iterator, &length)
            return .string(try string(UnsafeRawBufferPointer(start: pointer, count: Int(length)), key: key))
        case BSON_TYPE_DOCUMENT, BSON_TYPE_ARRAY:
            let result: Result<BSON, BSONError> = withIterator { child in
                guard bson_iter_recurse(iterator, child) else {
                    return .failure(.invalidDocument("the embedded value at \"\(key)\" is corrupt"))
                }
                return Result { () throws(BSONError) in
                    type == BSON_TYPE_ARRAY ? .array(try readArray(child)) : .document(try readElements(child))
                }
            }
            return try result.get()
        case BSON_TYPE_BINARY:
            var subtype = BSON_SUBTYPE_BINARY
            var length: UInt32 = 0
            var pointer: UnsafePointer<UInt8>?
            bson_iter_binary(iterator, &subtype, &length, &pointer)
            let data = pointer.map { Data(bytes: $0, count: Int(length)) } ?? Data()
            return .binary(BSONBinary(data: data, subtype: .init(rawValue: UInt8(truncatingIfNeeded: subtype.rawValue))))
        case BSON_TYPE_OID:
            guard let oid = bson_iter_oid(iterator) else {
                throw .invalidDocument("the ObjectId at \"\(key)\" is corrupt")
            }
            let bytes = withUnsafeBytes(of: oid.pointee.bytes) { Array($0) }
            return .objectId(try ObjectId(bytes: bytes))
        case BSON_TYPE_BOOL:
            return .bool(bson_iter_bool(iterator))
        case BSON_TYPE_DATE_TIME:
            return .datetime(Date(timeIntervalSince1970: Double(bson_iter_date_time(iterator)) / 1000))
        case BSON_TYPE_NULL:
            return .null
        case BSON_TYPE_INT32:
            return .int32(bson_iter_int32(iterator))
        case BSON_TYPE_INT64:
            return .int64(bson_iter_int64(iterator))
        case BSON_TYPE_TIMESTAMP:
            var timestamp: UInt32 = 0
            var increment: UInt32 = 0
            bson_iter_timestamp(iterator, &timestamp, &increment)
            return .timestamp(BSONTimestamp(timestamp: timestamp, increment: increment))
        default:
            throw .unsupportedType(key: key, typeCode: UInt8(truncatingIfNeeded: type.rawValue))
        }
    }
}
