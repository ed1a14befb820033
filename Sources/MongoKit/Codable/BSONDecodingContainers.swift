struct BSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: BSONValueDecoder
    let codingPath: [any CodingKey]
    private let values: [String: BSON]
    private let orderedKeys: [String]

    init(decoder: BSONValueDecoder, document: BSONDocument, codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.codingPath = codingPath
        // The first occurrence wins, as on the server.
        self.values = Dictionary(document.elements.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        self.orderedKeys = document.keys
    }

    var allKeys: [Key] {
        orderedKeys.compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        values[key.stringValue] != nil
    }

    private func value(_ key: Key) throws -> BSON {
        guard let value = values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath,
                debugDescription: "The document has no \"\(key.stringValue)\" field."
            ))
        }
        return value
    }

    private func path(_ key: Key) -> [any CodingKey] {
        codingPath + [key]
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        (values[key.stringValue] ?? .null) == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.decodeBool(value(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.decodeString(value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.decodeDouble(value(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.decodeFloat(value(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.decodeInteger(type, value(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.decodeInteger(type, value(key), path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(value(key), at: path(key)).unbox(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(value(key), at: path(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(value(key), at: path(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        decoder.child(values["super"] ?? .null, at: codingPath + [BSONIndexKey(stringValue: "super") ?? BSONIndexKey(index: 0)])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder.child(values[key.stringValue] ?? .null, at: path(key))
    }
}

struct BSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: BSONValueDecoder
    let elements: [BSON]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: BSONValueDecoder, elements: [BSON], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> (BSON, [any CodingKey]) {
        let path = codingPath + [BSONIndexKey(index: currentIndex)]
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "The array has only \(elements.count) elements."))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try decoder.decodeBool(v, p) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try decoder.decodeString(v, p) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try decoder.decodeDouble(v, p) }
    mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return try decoder.decodeFloat(v, p) }
    mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(type); return try decoder.decodeInteger(type, v, p) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next(type)
        return try decoder.child(value, at: path).unbox(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next(BSONDocument.self)
        return try decoder.child(value, at: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next([BSON].self)
        return try decoder.child(value, at: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next(BSON.self)
        return decoder.child(value, at: path)
    }
}

struct BSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let decoder: BSONValueDecoder
    let value: BSON
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.decodeFloat(value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeInteger(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeInteger(type, value, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.child(value, at: codingPath).unbox(type)
    }
}
