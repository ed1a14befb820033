import Foundation

/// Decodes `Decodable` values from BSON documents, the inverse of ``BSONEncoder``.
///
/// Numbers decode across BSON's numeric types when the value fits exactly (an int32 field
/// into an `Int64` property, a whole double into an `Int`), because servers and other
/// drivers are not consistent about widths. Anything that does not fit, or a type mismatch,
/// throws the standard `DecodingError` with the coding path of the offending field.
public struct BSONDecoder: Sendable {
    /// Values handed to `Decodable` implementations through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Decodes a value from a document.
    public func decode<T: Decodable>(_ type: T.Type, from document: BSONDocument) throws -> T {
        try decode(type, fromValue: .document(document))
    }

    /// Decodes a value from any BSON value.
    public func decode<T: Decodable>(_ type: T.Type, fromValue value: BSON) throws -> T {
        try BSONValueDecoder(value: value, codingPath: [], userInfo: userInfo).unbox(type)
    }
}

final class BSONValueDecoder: Decoder {
    let value: BSON
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    var userInfo: [CodingUserInfoKey: Any] {
        sendableUserInfo
    }

    init(value: BSON, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.value = value
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .document(let document) = value else {
            throw mismatch(BSONDocument.self, codingPath)
        }
        return KeyedDecodingContainer(BSONKeyedDecodingContainer<Key>(decoder: self, document: document, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw mismatch([BSON].self, codingPath)
        }
        return BSONUnkeyedDecodingContainer(decoder: self, elements: array, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        BSONSingleValueDecodingContainer(decoder: self, value: value, codingPath: codingPath)
    }

    func mismatch(_ type: Any.Type, _ path: [any CodingKey], found: BSON? = nil) -> DecodingError {
        DecodingError.typeMismatch(type, .init(
            codingPath: path,
            debugDescription: "Expected \(type) but found BSON \((found ?? value).typeName)."
        ))
    }

    func child(_ value: BSON, at path: [any CodingKey]) -> BSONValueDecoder {
        BSONValueDecoder(value: value, codingPath: path, userInfo: sendableUserInfo)
    }

    /// Decodes `type` from this decoder's value, reading native BSON forms directly.
    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if let native = try nativeValue(type) {
            return native
        }
        return try T(from: self)
    }

    private func nativeValue<T>(_ type: T.Type) throws -> T? {
        let result: Any?
        switch type {
        case is BSON.Type:
            result = value
        case is BSONDocument.Type:
            guard case .document(let document) = value else { throw mismatch(type, codingPath) }
            result = document
        case is ObjectId.Type:
            guard case .objectId(let id) = value else { throw mismatch(type, codingPath) }
            result = id
        case is BSONBinary.Type:
            guard case .binary(let binary) = value else { throw mismatch(type, codingPath) }
            result = binary
        case is BSONTimestamp.Type:
            guard case .timestamp(let timestamp) = value else { throw mismatch(type, codingPath) }
            result = timestamp
        case is Date.Type:
            guard case .datetime(let date) = value else { throw mismatch(type, codingPath) }
            result = date
        case is Data.Type:
            guard case .binary(let binary) = value else { throw mismatch(type, codingPath) }
            result = binary.data
        case is UUID.Type:
            guard case .binary(let binary) = value, let uuid = binary.uuid else { throw mismatch(type, codingPath) }
            result = uuid
        case is URL.Type:
            guard case .string(let string) = value else { throw mismatch(type, codingPath) }
            guard let url = URL(string: string) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\"\(string)\" is not a valid URL."))
            }
            result = url
        default:
            return nil
        }
        return result as? T
    }

    func decodeBool(_ value: BSON, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(Bool.self, path, found: value) }
        return bool
    }

    func decodeString(_ value: BSON, _ path: [any CodingKey]) throws -> String {
        guard case .string(let string) = value else { throw mismatch(String.self, path, found: value) }
        return string
    }

    func decodeDouble(_ value: BSON, _ path: [any CodingKey]) throws -> Double {
        switch value {
        case .double(let double): return double
        case .int32(let int): return Double(int)
        case .int64(let int):
            guard let double = Double(exactly: int) else { throw outOfRange(Double.self, value, path) }
            return double
        default: throw mismatch(Double.self, path, found: value)
        }
    }

    func decodeFloat(_ value: BSON, _ path: [any CodingKey]) throws -> Float {
        let double = try decodeDouble(value, path)
        if double.isNaN { return .nan }
        let float = Float(double)
        guard float.isFinite || double.isInfinite else { throw outOfRange(Float.self, value, path) }
        return float
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, _ value: BSON, _ path: [any CodingKey]) throws -> T {
        let result: T?
        switch value {
        case .int32(let int): result = T(exactly: int)
        case .int64(let int): result = T(exactly: int)
        case .double(let double): result = T(exactly: double)
        default: throw mismatch(type, path, found: value)
        }
        guard let result else { throw outOfRange(type, value, path) }
        return result
    }

    private func outOfRange(_ type: Any.Type, _ value: BSON, _ path: [any CodingKey]) -> DecodingError {
        DecodingError.dataCorrupted(.init(
            codingPath: path,
            debugDescription: "The BSON \(value.typeName) \(value) does not fit exactly in \(type)."
        ))
    }
}
