import Foundation

/// BSON binary data with its subtype.
public struct BSONBinary: Sendable, Hashable {
    /// The BSON binary subtype (`0x00` generic, `0x04` UUID, `0x80`–`0xFF` user defined).
    public struct Subtype: Sendable, Hashable, RawRepresentable {
        public let rawValue: UInt8

        public init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// Generic binary data; `Data` encodes as this subtype.
        public static let generic = Subtype(rawValue: 0x00)
        /// An RFC 4122 UUID in network byte order; `UUID` encodes as this subtype.
        public static let uuid = Subtype(rawValue: 0x04)
        /// An MD5 digest.
        public static let md5 = Subtype(rawValue: 0x05)
        /// The first user-defined subtype.
        public static let userDefined = Subtype(rawValue: 0x80)
    }

    public let subtype: Subtype
    public let data: Data

    /// Binary data of the given subtype.
    public init(data: Data, subtype: Subtype = .generic) {
        self.data = data
        self.subtype = subtype
    }

    /// A UUID as subtype 4, 16 bytes in network order.
    public init(uuid: UUID) {
        let bytes = withUnsafeBytes(of: uuid.uuid) { Data($0) }
        self.init(data: bytes, subtype: .uuid)
    }

    /// The UUID, if this is 16 bytes of subtype 4.
    public var uuid: UUID? {
        guard subtype == .uuid, data.count == 16 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: data) }
        return UUID(uuid: raw)
    }
}
