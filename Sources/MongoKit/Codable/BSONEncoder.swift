import Foundation

/// Encodes `Encodable` values into BSON documents.
///
/// Swift types map to BSON as the server and other drivers expect: `Int` and `Int64` to
/// int64, smaller integers to int32, `Double` and `Float` to double, `Date` to a UTC
/// datetime (millisecond precision), `Data` to generic binary, `UUID` to binary subtype 4,
/// ``ObjectId``, ``BSONBinary``, ``BSONTimestamp``, ``BSONDocument`` and ``BSON`` to
/// themselves, arrays to arrays and nested types to embedded documents. `nil` optionals are
/// left out of the document. Unsigned integers above `Int64.max` cannot be stored and
/// throw `EncodingError.invalidValue`.
public struct BSONEncoder: Sendable {
    /// Values handed to `Encodable` implementations through `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    /// Encodes a value whose encoded form is a document (a struct, class or dictionary).
    /// - Throws: `EncodingError.invalidValue` when the value does not encode as a document.
    public func encode(_ value: some Encodable) throws -> BSONDocument {
        let encoded = try encodeValue(value)
        guard case .document(let document) = encoded else {
            throw EncodingError.invalidValue(value, .init(
                codingPath: [],
                debugDescription: "A top-level BSON value must be a document, but \(type(of: value)) encoded as \(encoded.typeName)."
            ))
        }
        return document
    }

    /// Encodes any value into a single BSON value.
    public func encodeValue(_ value: some Encodable) throws -> BSON {
        let encoder = BSONValueEncoder(codingPath: [], userInfo: userInfo)
        return try encoder.box(value)
    }
}

/// One node of the value tree while encoding; containers keep a reference so that nested
/// containers created before their siblings are filled in place.
final class BSONEncodingNode {
    enum Content {
        case empty
        case value(BSON)
        case document([(key: String, node: BSONEncodingNode)])
        case array([BSONEncodingNode])
    }

    var content: Content = .empty

    init() {}

    init(_ value: BSON) {
        content = .value(value)
    }

    func makeDocument() {
        if case .document = content { return }
        content = .document([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ node: BSONEncodingNode, forKey key: String) {
        guard case .document(var elements) = content else { return }
        content = .empty
        if let index = elements.firstIndex(where: { $0.key == key }) {
            elements[index].node = node
        } else {
            elements.append((key, node))
        }
        content = .document(elements)
    }

    func append(_ node: BSONEncodingNode) {
        guard case .array(var elements) = content else { return }
        content = .empty
        elements.append(node)
        content = .array(elements)
    }

    var count: Int {
        switch content {
        case .array(let elements): elements.count
        case .document(let elements): elements.count
        default: 0
        }
    }

    var value: BSON {
        switch content {
        case .empty: .document(BSONDocument())
        case .value(let value): value
        case .document(let elements): .document(BSONDocument(elements.map { ($0.key, $0.node.value) }))
        case .array(let elements): .array(elements.map(\.value))
        }
    }
}

final class BSONValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]
    let node: BSONEncodingNode

    var userInfo: [CodingUserInfoKey: Any] {
        sendableUserInfo
    }

    init(codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable], node: BSONEncodingNode = BSONEncodingNode()) {
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeDocument()
        return KeyedEncodingContainer(BSONKeyedEncodingContainer<Key>(encoder: self, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return BSONUnkeyedEncodingContainer(encoder: self, node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        BSONSingleValueEncodingContainer(encoder: self, codingPath: codingPath)
    }

    /// Encodes `value` at `path`, intercepting the types that have a native BSON form.
    func box(_ value: some Encodable, at path: [any CodingKey]? = nil) throws -> BSON {
        try boxNode(value, at: path).value
    }

    func boxNode(_ value: some Encodable, at path: [any CodingKey]? = nil) throws -> BSONEncodingNode {
        if let native = try Self.nativeValue(value, codingPath: path ?? codingPath) {
            return BSONEncodingNode(native)
        }
        let child = BSONValueEncoder(codingPath: path ?? codingPath, userInfo: sendableUserInfo)
        try value.encode(to: child)
        return child.node
    }

    static func nativeValue(_ value: some Encodable, codingPath: [any CodingKey]) throws -> BSON? {
        switch value {
        case let value as BSON: return value
        case let value as BSONDocument: return .document(value)
        case let value as ObjectId: return .objectId(value)
        case let value as BSONBinary: return .binary(value)
        case let value as BSONTimestamp: return .timestamp(value)
        case let value as Date: return .datetime(value)
        case let value as Data: return .binary(BSONBinary(data: value))
        case let value as UUID: return .binary(BSONBinary(uuid: value))
        case let value as URL: return .string(value.absoluteString)
        default: return nil
        }
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> BSON {
        guard let int64 = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(
                codingPath: codingPath,
                debugDescription: "\(value) does not fit in a BSON int64; store it as a string or Data instead."
            ))
        }
        return .int64(int64)
    }
}
