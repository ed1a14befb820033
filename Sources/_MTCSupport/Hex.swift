extension Sequence<UInt8> {
    /// The bytes as lowercase hexadecimal digits, two per byte.
    package func hexEncodedString() -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            digits.append(hexDigits[Int(byte >> 4)])
            digits.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }
}

extension Array<UInt8> {
    /// The bytes spelled by `hex`, two digits (either case) per byte; `nil` when `hex` has an
    /// odd length or a character that is not a hexadecimal digit.
    package init?(hexEncoded hex: some StringProtocol) {
        self.init(hexEncoded: hex.utf8)
    }

    /// The bytes spelled by the UTF-8 hexadecimal digits `digits`; `nil` as for a string.
    package init?(hexEncoded digits: some Collection<UInt8>) {
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index != digits.endIndex {
            let next = digits.index(after: index)
            guard let high = hexValue(digits[index]), let low = hexValue(digits[next]) else { return nil }
            bytes.append(high << 4 | low)
            index = digits.index(after: next)
        }
        self = bytes
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

private func hexValue(_ digit: UInt8) -> UInt8? {
    switch digit {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
    default: nil
    }
}
