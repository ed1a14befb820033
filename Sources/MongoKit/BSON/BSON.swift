import Foundation

/// One BSON value: the element types MongoKit reads and writes.
///
/// BSON types outside this set (decimal128, regular expressions, JavaScript code, min/max
/// keys, deprecated types) are rejected with a ``BSONError`` when a document is read, so a
/// value is never silently changed on a round trip.
public enum BSON: Sendable, Hashable {
    case double(Double)
    case string(String)
    case document(BSONDocument)
    case array([BSON])
    case binary(BSONBinary)
    case objectId(ObjectId)
    case bool(Bool)
    /// A UTC datetime. BSON stores milliseconds since the Unix epoch; finer precision is
    /// rounded to the nearest millisecond when written.
    case datetime(Date)
    case null
    case int32(Int32)
    case int64(Int64)
    case timestamp(BSONTimestamp)
}

extension BSON {
    /// The string, if this is a string value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The document, if this is an embedded document.
    public var documentValue: BSONDocument? {
        if case .document(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [BSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The value as an `Int64` if it is any BSON integer (int32 or int64), or a double
    /// holding a whole number; servers answer counts in any of the three.
    public var int64Value: Int64? {
        switch self {
        case .int32(let value): return Int64(value)
        case .int64(let value): return value
        case .double(let value): return Int64(exactly: value)
        default: return nil
        }
    }

    /// The boolean, if this is a boolean value.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The date, if this is a datetime value.
    public var dateValue: Date? {
        if case .datetime(let value) = self { return value }
        return nil
    }

    /// The ObjectId, if this is an ObjectId value.
    public var objectIdValue: ObjectId? {
        if case .objectId(let value) = self { return value }
        return nil
    }

    /// The binary value, if this is binary data.
    public var binaryValue: BSONBinary? {
        if case .binary(let value) = self { return value }
        return nil
    }

    /// The BSON type name as the server spells it in `$type` queries and error messages.
    public var typeName: String {
        switch self {
        case .double: "double"
        case .string: "string"
        case .document: "object"
        case .array: "array"
        case .binary: "binData"
        case .objectId: "objectId"
        case .bool: "bool"
        case .datetime: "date"
        case .null: "null"
        case .int32: "int"
        case .int64: "long"
        case .timestamp: "timestamp"
        }
    }
}

extension BSON: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension BSON: ExpressibleByIntegerLiteral {
    /// Integer literals become int64, the width of Swift's `Int`.
    public init(integerLiteral value: Int64) {
        self = .int64(value)
    }
}

extension BSON: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension BSON: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension BSON: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension BSON: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: BSON...) {
        self = .array(elements)
    }
}

extension BSON: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BSON)...) {
        self = .document(BSONDocument(elements))
    }
}
