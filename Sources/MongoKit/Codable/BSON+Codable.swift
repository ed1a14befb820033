import Foundation

// BSONEncoder and BSONDecoder store these types natively and never call these methods.
// They exist so that types holding BSON values stay Codable with other coders (JSON for
// logs or APIs), where each value takes its closest plain form.

extension BSON: Codable {
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: BSONDynamicKey.self) {
            self = .document(try BSONDocument(from: container))
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var elements = [BSON]()
            while !container.isAtEnd {
                elements.append(try container.decode(BSON.self))
            }
            self = .array(elements)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int64.self) {
            self = .int64(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .document(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .binary(let value): try container.encode(value)
        case .objectId(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .datetime(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .int32(let value): try container.encode(value)
        case .int64(let value): try container.encode(value)
        case .timestamp(let value): try container.encode(value)
        }
    }
}

extension BSONDocument: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(from: decoder.container(keyedBy: BSONDynamicKey.self))
    }

    init(from container: KeyedDecodingContainer<BSONDynamicKey>) throws {
        self.init()
        for key in container.allKeys {
            self[key.stringValue] = try container.decode(BSON.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: BSONDynamicKey.self)
        for (key, value) in self {
            try container.encode(value, forKey: BSONDynamicKey(key))
        }
    }
}

extension ObjectId: Codable {
    /// Outside BSON an ObjectId is its 24-character hexadecimal string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hex = try container.decode(String.self)
        do {
            try self.init(hex: hex)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

extension BSONBinary: Codable {
    private enum CodingKeys: String, CodingKey {
        case subtype, data
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            data: try container.decode(Data.self, forKey: .data),
            subtype: Subtype(rawValue: try container.decode(UInt8.self, forKey: .subtype))
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subtype.rawValue, forKey: .subtype)
        try container.encode(data, forKey: .data)
    }
}

extension BSONTimestamp: Codable {
    private enum CodingKeys: String, CodingKey {
        case timestamp = "t", increment = "i"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            timestamp: try container.decode(UInt32.self, forKey: .timestamp),
            increment: try container.decode(UInt32.self, forKey: .increment)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encode(increment, forKey: .increment)
    }
}

struct BSONDynamicKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        stringValue = String(intValue)
    }
}
