import _MTCSupport

/// A parsed JSON value; numbers and strings keep what is needed to write them canonically.
indirect enum JSONValue {
    case null
    case bool(Bool)
    /// The number's literal bytes, validated against the JSON grammar.
    case number([UInt8])
    /// The decoded string as UTF-8.
    case string([UInt8])
    case array([JSONValue])
    /// Members sorted by name bytes.
    case object([(name: [UInt8], value: JSONValue)])

    func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let value):
            output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let literal):
            output.append(contentsOf: literal)
        case .string(let bytes):
            Self.writeString(bytes, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.name, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func writeString(_ bytes: [UInt8], to output: inout [UInt8]) {
        JSONString.appendQuoted(bytes, to: &output, canonical: true)
    }
}
