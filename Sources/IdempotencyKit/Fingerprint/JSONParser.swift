import _MTCSupport

/// A strict RFC 8259 parser producing ``JSONValue`` on the libraries' one JSON scanner
/// (`JSONReader`); every failure is a typed error.
struct JSONParser {
    private var reader: JSONReader

    init(bytes: [UInt8]) {
        reader = JSONReader(bytes)
    }

    /// A problem the scanner does not know about (depth, duplicate names), with its offset.
    private struct Refusal: Error {
        var reason: String
        var offset: Int
    }

    mutating func parseDocument() throws(IdempotencyError) -> JSONValue {
        do {
            let value = try parseValue(depth: 0)
            try reader.expectEnd()
            return value
        } catch let error as JSONReader.SyntaxError {
            throw Self.failure(error.reason, at: error.offset)
        } catch let refusal as Refusal {
            throw Self.failure(refusal.reason, at: refusal.offset)
        } catch {
            throw Self.failure("\(error)", at: reader.offset)
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < CanonicalJSON.maximumDepth else {
            throw Refusal(reason: "nesting deeper than \(CanonicalJSON.maximumDepth) levels", offset: reader.offset)
        }
        switch try reader.peekKind() {
        case .object:
            try reader.beginObject()
            var members: [(name: [UInt8], value: JSONValue)] = []
            var first = true
            while try reader.nextMember(first: first) {
                first = false
                let name = try reader.readKeyUTF8()
                members.append((name, try parseValue(depth: depth + 1)))
            }
            members.sort { $0.name.lexicographicallyPrecedes($1.name) }
            for position in members.indices.dropFirst() where members[position - 1].name == members[position].name {
                throw Refusal(
                    reason: "duplicate member name \"\(String(decoding: members[position].name, as: UTF8.self))\"", offset: reader.offset
                )
            }
            return .object(members)
        case .array:
            try reader.beginArray()
            var elements: [JSONValue] = []
            var first = true
            while try reader.nextElement(first: first) {
                first = false
                elements.append(try parseValue(depth: depth + 1))
            }
            return .array(elements)
        case .string:
            return .string(try reader.readStringUTF8())
        case .number:
            return .number(Array(try reader.readNumberText().utf8))
        case .bool:
            return .bool(try reader.readBool())
        case .null:
            try reader.readNull()
            return .null
        }
    }

    private static func failure(_ reason: String, at offset: Int) -> IdempotencyError {
        IdempotencyError(
            code: .invalidJSON,
            message: "The request body is not valid JSON: \(reason) at byte \(offset)."
        )
    }
}
