/// A reply from Redis, as the RESP2 protocol types it.
///
/// Bulk strings stay bytes because Redis values are binary-safe; use ``string`` when the value
/// is known to be text.
public enum RESPValue: Sendable, Hashable {
    /// A status reply such as `OK` or `PONG`.
    case simpleString(String)
    /// A binary-safe string.
    case bulkString([UInt8])
    /// A 64-bit integer reply.
    case integer(Int64)
    /// An array reply, such as the result of `MGET` or `EXEC`.
    case array([RESPValue])
    /// A nil bulk string or nil array: the key does not exist, or `SET NX` did not set.
    case null
    /// An error reply. Only appears nested (inside an array or a pipeline's results): a
    /// top-level error reply of a single command is thrown as ``RedisError`` instead.
    case error(RedisServerError)

    /// The value as UTF-8 text, for bulk and simple strings; `nil` otherwise.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let bytes): String(decoding: bytes, as: UTF8.self)
        default: nil
        }
    }

    /// The bytes of a bulk or simple string; `nil` otherwise.
    public var bytes: [UInt8]? {
        switch self {
        case .simpleString(let text): Array(text.utf8)
        case .bulkString(let bytes): bytes
        default: nil
        }
    }

    /// The integer of an integer reply; `nil` otherwise.
    public var integer: Int64? {
        if case .integer(let value) = self { value } else { nil }
    }

    /// The elements of an array reply; `nil` otherwise.
    public var array: [RESPValue]? {
        if case .array(let elements) = self { elements } else { nil }
    }

    /// Whether this is the nil reply.
    public var isNull: Bool {
        if case .null = self { true } else { false }
    }
}

extension RESPValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .bulkString(let bytes): "\"\(String(decoding: bytes, as: UTF8.self))\""
        case .integer(let value): ":\(value)"
        case .array(let elements): "[" + elements.map(\.description).joined(separator: ", ") + "]"
        case .null: "(nil)"
        case .error(let error): "-\(error.message)"
        }
    }
}
