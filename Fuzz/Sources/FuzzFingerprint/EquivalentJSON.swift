import FuzzSupport

/// Rewrites a canonical JSON document into another spelling of the same document: members
/// shuffled, whitespace between tokens, characters escaped in other ways (`\u0041`, `\/`,
/// surrogate pairs). Reads only what ``CanonicalJSON`` writes.
struct EquivalentJSON {
    private indirect enum Node {
        case literal([UInt8])
        case string(String)
        case array([Node])
        case object([(name: String, value: Node)])
    }

    private let bytes: [UInt8]
    private var index = 0
    private var random: FuzzRandom

    static func rewrite(_ canonical: [UInt8], random: inout FuzzRandom) -> [UInt8] {
        var reader = EquivalentJSON(bytes: canonical, random: FuzzRandom(seed: random.next()))
        let node = reader.parseValue()
        var output: [UInt8] = []
        reader.space(&output)
        reader.write(node, to: &output)
        reader.space(&output)
        return output
    }

    private init(bytes: [UInt8], random: FuzzRandom) {
        self.bytes = bytes
        self.random = random
    }

    private mutating func parseValue() -> Node {
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(String, Node)] = []
            while bytes[index] != UInt8(ascii: "}") {
                if bytes[index] == UInt8(ascii: ",") { index += 1 }
                let name = parseString()
                index += 1 // ':'
                members.append((name, parseValue()))
            }
            index += 1
            return .object(members)
        case UInt8(ascii: "["):
            index += 1
            var elements: [Node] = []
            while bytes[index] != UInt8(ascii: "]") {
                if bytes[index] == UInt8(ascii: ",") { index += 1 }
                elements.append(parseValue())
            }
            index += 1
            return .array(elements)
        case UInt8(ascii: "\""):
            return .string(parseString())
        default:
            let start = index
            while index < bytes.count, !"{}[],:\"".utf8.contains(bytes[index]) { index += 1 }
            return .literal(Array(bytes[start..<index]))
        }
    }

    /// Canonical strings escape only `"`, `\` and control characters (as `\u00XX`).
    private mutating func parseString() -> String {
        index += 1
        var output: [UInt8] = []
        while bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                if bytes[index + 1] == UInt8(ascii: "u") {
                    let hex = String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self)
                    output.append(UInt8(hex, radix: 16)!)
                    index += 6
                } else {
                    output.append(bytes[index + 1])
                    index += 2
                }
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        index += 1
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func below(_ bound: Int) -> Int {
        Int.random(in: 0..<bound, using: &random)
    }

    private mutating func space(_ output: inout [UInt8]) {
        for _ in 0..<below(3) {
            output.append([0x20, 0x0A, 0x0D, 0x09][below(4)])
        }
    }

    private mutating func write(_ node: Node, to output: inout [UInt8]) {
        switch node {
        case .literal(let literal):
            output.append(contentsOf: literal)
        case .string(let string):
            writeString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { space(&output); output.append(UInt8(ascii: ",")) }
                space(&output)
                write(element, to: &output)
                space(&output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var shuffled = members
            shuffled.shuffle(using: &random)
            for (position, member) in shuffled.enumerated() {
                if position > 0 { space(&output); output.append(UInt8(ascii: ",")) }
                space(&output)
                writeString(member.name, to: &output)
                space(&output)
                output.append(UInt8(ascii: ":"))
                space(&output)
                write(member.value, to: &output)
                space(&output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func writeString(_ string: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in string.unicodeScalars {
            let value = scalar.value
            let short: String? = switch value {
            case 0x22: "\\\""
            case 0x5C: "\\\\"
            case 0x2F: "\\/"
            case 0x08: "\\b"
            case 0x0C: "\\f"
            case 0x0A: "\\n"
            case 0x0D: "\\r"
            case 0x09: "\\t"
            default: nil
            }
            let mustEscape = value < 0x20 || value == 0x22 || value == 0x5C
            if let short, mustEscape || value == 0x2F, below(2) == 0 {
                output.append(contentsOf: short.utf8)
            } else if mustEscape || below(4) == 0 {
                escape(value, to: &output)
            } else {
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ value: UInt32, to output: inout [UInt8]) {
        func hex4(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16, uppercase: below(2) == 0)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        if value >= 0x10000 {
            let shifted = value - 0x10000
            output.append(contentsOf: (hex4(0xD800 + (shifted >> 10)) + hex4(0xDC00 + (shifted & 0x3FF))).utf8)
        } else {
            output.append(contentsOf: hex4(value).utf8)
        }
    }
}

