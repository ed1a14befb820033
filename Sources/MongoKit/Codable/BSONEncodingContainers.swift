struct BSONKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: BSONValueEncoder
    let node: BSONEncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: BSON, _ key: Key) {
        node.set(BSONEncodingNode(value), forKey: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int64(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int32(Int32(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int32(Int32(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int32(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int64(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try BSONValueEncoder.integer(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int32(Int32(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int32(Int32(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int64(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try BSONValueEncoder.integer(value, codingPath: codingPath + [key]), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(try encoder.boxNode(value, at: codingPath + [key]), forKey: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = BSONEncodingNode()
        child.makeDocument()
        node.set(child, forKey: key.stringValue)
        return KeyedEncodingContainer(BSONKeyedEncodingContainer<NestedKey>(encoder: encoder, node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = BSONEncodingNode()
        child.makeArray()
        node.set(child, forKey: key.stringValue)
        return BSONUnkeyedEncodingContainer(encoder: encoder, node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = BSONEncodingNode()
        node.set(child, forKey: key.stringValue)
        return BSONValueEncoder(codingPath: codingPath + [key], userInfo: encoder.sendableUserInfo, node: child)
    }
}

struct BSONUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: BSONValueEncoder
    let node: BSONEncodingNode
    let codingPath: [any CodingKey]

    var count: Int {
        node.count
    }

    private var nextKey: BSONIndexKey {
        BSONIndexKey(index: count)
    }

    private func append(_ value: BSON) {
        node.append(BSONEncodingNode(value))
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { append(.int64(Int64(value))) }
    mutating func encode(_ value: Int8) throws { append(.int32(Int32(value))) }
    mutating func encode(_ value: Int16) throws { append(.int32(Int32(value))) }
    mutating func encode(_ value: Int32) throws { append(.int32(value)) }
    mutating func encode(_ value: Int64) throws { append(.int64(value)) }
    mutating func encode(_ value: UInt) throws { append(try BSONValueEncoder.integer(value, codingPath: codingPath + [nextKey])) }
    mutating func encode(_ value: UInt8) throws { append(.int32(Int32(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int32(Int32(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int64(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { append(try BSONValueEncoder.integer(value, codingPath: codingPath + [nextKey])) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try encoder.boxNode(value, at: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [nextKey]
        let child = BSONEncodingNode()
        child.makeDocument()
        node.append(child)
        return KeyedEncodingContainer(BSONKeyedEncodingContainer<NestedKey>(encoder: encoder, node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [nextKey]
        let child = BSONEncodingNode()
        child.makeArray()
        node.append(child)
        return BSONUnkeyedEncodingContainer(encoder: encoder, node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [nextKey]
        let child = BSONEncodingNode()
        node.append(child)
        return BSONValueEncoder(codingPath: path, userInfo: encoder.sendableUserInfo, node: child)
    }
}

struct BSONSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: BSONValueEncoder
    let codingPath: [any CodingKey]

    private func set(_ value: BSON) {
        encoder.node.content = .value(value)
    }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.double(value)) }
    mutating func encode(_ value: Float) throws { set(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.int64(Int64(value))) }
    mutating func encode(_ value: Int8) throws { set(.int32(Int32(value))) }
    mutating func encode(_ value: Int16) throws { set(.int32(Int32(value))) }
    mutating func encode(_ value: Int32) throws { set(.int32(value)) }
    mutating func encode(_ value: Int64) throws { set(.int64(value)) }
    mutating func encode(_ value: UInt) throws { set(try BSONValueEncoder.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { set(.int32(Int32(value))) }
    mutating func encode(_ value: UInt16) throws { set(.int32(Int32(value))) }
    mutating func encode(_ value: UInt32) throws { set(.int64(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { set(try BSONValueEncoder.integer(value, codingPath: codingPath)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.node.content = try encoder.boxNode(value, at: codingPath).content
    }
}

/// The coding key of an array element.
struct BSONIndexKey: CodingKey {
    let index: Int

    init(index: Int) {
        self.index = index
    }

    var stringValue: String { String(index) }
    var intValue: Int? { index }

    init?(stringValue: String) {
        guard let index = Int(stringValue) else { return nil }
        self.index = index
    }

    init?(intValue: Int) {
        index = intValue
    }
}
