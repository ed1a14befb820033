extension IdempotentResponse {
    private static let magic: [UInt8] = Array("IDR1".utf8)

    /// The response in the portable binary form every store persists.
    ///
    /// Layout: `IDR1`, status (u16), header count (u16), each header as name length (u16),
    /// name, value length (u32), value; then body length (u32) and body. Big-endian throughout.
    ///
    /// - Throws: ``IdempotencyError/Code/invalidResponse`` for a status outside 100–599 or a
    ///   header or body too large for its length field.
    public func encoded() throws(IdempotencyError) -> [UInt8] {
        guard (100...599).contains(status) else {
            throw IdempotencyError(code: .invalidResponse, message: "Status \(status) is not an HTTP status code (100–599).")
        }
        guard headers.count <= Int(UInt16.max) else {
            throw IdempotencyError(code: .invalidResponse, message: "A stored response may carry at most \(UInt16.max) headers.")
        }
        var output = Self.magic
        output.reserveCapacity(body.count + 64)
        Self.append(UInt64(status), width: 2, to: &output)
        Self.append(UInt64(headers.count), width: 2, to: &output)
        for header in headers {
            let name = Array(header.name.utf8)
            let value = Array(header.value.utf8)
            guard name.count <= Int(UInt16.max), value.count <= Int(UInt32.max) else {
                throw IdempotencyError(code: .invalidResponse, message: "Header \(header.name) is too long to store.")
            }
            Self.append(UInt64(name.count), width: 2, to: &output)
            output.append(contentsOf: name)
            Self.append(UInt64(value.count), width: 4, to: &output)
            output.append(contentsOf: value)
        }
        guard body.count <= Int(UInt32.max) else {
            throw IdempotencyError(code: .responseTooLarge, message: "A body over 4 GiB cannot be stored.")
        }
        Self.append(UInt64(body.count), width: 4, to: &output)
        output.append(contentsOf: body)
        return output
    }

    /// Decodes a response written by ``encoded()``.
    ///
    /// - Throws: ``IdempotencyError/Code/corruptedRecord`` for anything that is not exactly one
    ///   well-formed encoded response.
    public init(encoded bytes: some Collection<UInt8>) throws(IdempotencyError) {
        var reader = ByteReader(bytes: Array(bytes))
        guard try reader.read(count: Self.magic.count) == Self.magic else {
            throw .corruptedRecord("a stored response does not start with the expected marker")
        }
        let status = Int(try reader.readInteger(width: 2))
        guard (100...599).contains(status) else {
            throw .corruptedRecord("a stored response has status \(status)")
        }
        let headerCount = Int(try reader.readInteger(width: 2))
        var headers: [Header] = []
        headers.reserveCapacity(headerCount)
        for _ in 0..<headerCount {
            let name = try reader.readString(count: Int(try reader.readInteger(width: 2)))
            let value = try reader.readString(count: Int(try reader.readInteger(width: 4)))
            headers.append(Header(name: name, value: value))
        }
        let body = try reader.read(count: Int(try reader.readInteger(width: 4)))
        guard reader.isAtEnd else {
            throw .corruptedRecord("a stored response has trailing bytes")
        }
        self.init(status: status, headers: headers, body: body)
    }

    private static func append(_ value: UInt64, width: Int, to output: inout [UInt8]) {
        for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
            output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}

/// Reads the encoded response format, failing with a typed error instead of trapping.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool {
        offset == bytes.count
    }

    mutating func read(count: Int) throws(IdempotencyError) -> [UInt8] {
        guard count >= 0, count <= bytes.count - offset else {
            throw .corruptedRecord("a stored response is truncated")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readInteger(width: Int) throws(IdempotencyError) -> UInt64 {
        try read(count: width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func readString(count: Int) throws(IdempotencyError) -> String {
        guard let string = String(validating: try read(count: count), as: UTF8.self) else {
            throw .corruptedRecord("a stored header is not valid UTF-8")
        }
        return string
    }
}
