import Foundation
import MTConnectCoreAPI

/// Decodes the body of `POST /internal/machines/{id}/data` straight into ``ObservationInput``s.
///
/// This is the server's hottest body: a batch of up to 5,000 observations, hundreds of times a
/// second. Decoding it through the generated `Components.Schemas.IngestBatch` (Foundation's
/// `JSONDecoder`, the generator's `oneOf` and unknown-key checks) took more CPU than storing it,
/// so it is read here with ``JSONReader`` instead. The contract is the same, and so are the
/// answers (a differential test and the `FuzzIngestBody` target hold both decoders to it):
///
/// - a body that is not JSON: 400 `bad-request` — whatever else is wrong with it;
/// - a body that breaks the schema or the handler's rules: 422 `validation-failed` naming the
///   field by its JSON pointer (`/observations/3/timestamp`), the first one met in document order.
enum IngestBatchDecoder {
    static let maximumObservations = 5000

    /// The observations of `body`, checked against the schema and the handler's rules.
    static func observations(in body: [UInt8]) throws(HTTPProblem) -> [ObservationInput] {
        var reader = JSONReader(body)
        do {
            let observations = try readBatch(&reader)
            try reader.expectEnd()
            return observations
        } catch let error as JSONReader.SyntaxError {
            throw notJSON(error)
        } catch let problem as HTTPProblem {
            // A syntax error anywhere outranks a field's problem, as with the generated decoder.
            var validator = JSONReader(body)
            do {
                try validator.skipValue()
                try validator.expectEnd()
            } catch {
                throw notJSON(error)
            }
            throw problem
        } catch {
            throw HTTPProblem.internalError()
        }
    }

    private static func notJSON(_ error: JSONReader.SyntaxError) -> HTTPProblem {
        .badRequest("The body is not valid JSON: \(error.reason) at byte \(error.offset).")
    }

    // MARK: The batch

    private static let batchKeys = keys("observations")

    private static func readBatch(_ reader: inout JSONReader) throws -> [ObservationInput] {
        guard try reader.peekKind() == .object else { throw typeMismatch("/", "an object") }
        try reader.beginObject()
        var observations: [ObservationInput]?
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: batchKeys)
            guard key.index != nil else { throw unknownField("/" + escape(key.text)) }
            observations = try readObservations(&reader)
        }
        guard let observations else { throw HTTPProblem.invalidField("/observations", "This field is required.") }
        guard !observations.isEmpty else { throw HTTPProblem.invalidField("/observations", "Send at least one observation.") }
        return observations
    }

    private static func readObservations(_ reader: inout JSONReader) throws -> [ObservationInput] {
        switch try reader.peekKind() {
        case .array: break
        case .null: throw valueNotFound("/observations", "an array")
        default: throw typeMismatch("/observations", "an array")
        }
        try reader.beginArray()
        var observations: [ObservationInput] = []
        var first = true
        while try reader.nextElement(first: first) {
            first = false
            guard observations.count < maximumObservations else {
                throw HTTPProblem.invalidField("/observations", "At most \(maximumObservations) observations per batch; split it.")
            }
            observations.append(try readObservation(&reader, pointer: "/observations/\(observations.count)"))
        }
        return observations
    }

    // MARK: One observation

    private enum Field: Int {
        case dataItemId, timestamp, category, type, subType, name, sequence, value, condition
    }

    private static let observationKeys = keys(
        "dataItemId", "timestamp", "category", "type", "subType", "name", "sequence", "value", "condition"
    )

    private static func readObservation(_ reader: inout JSONReader, pointer: String) throws -> ObservationInput {
        switch try reader.peekKind() {
        case .object: break
        case .null: throw valueNotFound(pointer, "an object")
        default: throw typeMismatch(pointer, "an object")
        }
        try reader.beginObject()
        var dataItemId: String?
        var timestamp: Date?
        var category: String?
        var type: String?
        var subType: String?
        var name: String?
        var sequence: Int64?
        var value: ObservationInput.Value?
        var condition: ObservationInput.Condition?
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: observationKeys)
            guard let index = key.index, let field = Field(rawValue: index) else {
                throw unknownField(pointer + "/" + escape(key.text))
            }
            let at = pointer + "/" + observationKeys[index].description
            switch field {
            case .dataItemId:
                dataItemId = try requiredString(&reader, at)
            case .timestamp:
                timestamp = try readTimestamp(&reader, at)
            case .category:
                category = try readCategory(&reader, at)
            case .type:
                type = try optionalText(&reader, at)
            case .subType:
                subType = try optionalText(&reader, at)
            case .name:
                name = try optionalText(&reader, at)
            case .sequence:
                sequence = try readSequence(&reader, at)
            case .value:
                value = try readValue(&reader, at)
            case .condition:
                condition = try readCondition(&reader, at)
            }
        }
        guard let dataItemId else { throw required(pointer + "/dataItemId") }
        guard let timestamp else { throw required(pointer + "/timestamp") }
        guard let category else { throw required(pointer + "/category") }
        try FieldRules.text(dataItemId, pointer + "/dataItemId", maxLength: 200)
        return ObservationInput(
            dataItemId: dataItemId, timestamp: timestamp, category: category, type: type, subType: subType,
            name: name, sequence: sequence, value: value, condition: condition
        )
    }

    private static func readTimestamp(_ reader: inout JSONReader, _ pointer: String) throws -> Date {
        try expectString(&reader, pointer)
        var text: String?
        let date = try reader.withStringBytes { bytes -> Date? in
            if let date = RFC3339.date(fromUTF8: bytes) { return date }
            text = String(decoding: bytes.prefix(1024), as: UTF8.self)
            return nil
        }
        guard let date else { throw HTTPProblem.invalidField(pointer, InvalidDateTime(text: text ?? "").description) }
        return date
    }

    private static let categories: [[UInt8]] = ["SAMPLE", "EVENT", "CONDITION"].map { Array($0.utf8) }

    private static func readCategory(_ reader: inout JSONReader, _ pointer: String) throws -> String {
        try expectString(&reader, pointer)
        let index = try reader.withStringBytes { bytes in categories.firstIndex { bytes.elementsEqual($0) } }
        guard let index else { throw HTTPProblem.invalidField(pointer, "Must be one of SAMPLE, EVENT, CONDITION.") }
        return ["SAMPLE", "EVENT", "CONDITION"][index]
    }

    private static func readSequence(_ reader: inout JSONReader, _ pointer: String) throws -> Int64? {
        switch try reader.peekKind() {
        case .null:
            try reader.readNull()
            return nil
        case .number:
            let text = try reader.readNumberText()
            if let integer = Int64(text) { return integer }
            // As JSONDecoder: an integral number written with a fraction or exponent is taken.
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
               let number = Double(text), let integer = Int64(exactly: number) {
                return integer
            }
            throw HTTPProblem.invalidField(pointer, "Must be an integer that fits in 64 bits.")
        default:
            throw typeMismatch(pointer, "an integer")
        }
    }

    private static func readValue(_ reader: inout JSONReader, _ pointer: String) throws -> ObservationInput.Value? {
        switch try reader.peekKind() {
        case .null:
            try reader.readNull()
            return nil
        case .number:
            let text = try reader.readNumberText()
            guard let number = Double(text), number.isFinite else {
                throw HTTPProblem.invalidField(pointer, "Numbers must be finite.")
            }
            return .number(number)
        case .string:
            let text = try reader.readString()
            guard text.count <= 4096 else {
                throw HTTPProblem.invalidField(pointer, "Text values are limited to 4096 characters.")
            }
            return .text(text)
        case .bool, .object, .array:
            // Depth 3: the batch object, its array and the observation enclose the value.
            try reader.skipValue(depth: 3)
            throw HTTPProblem.invalidField(pointer, "Must be a number, a string or null.")
        }
    }

    // MARK: A condition

    private static let conditionKeys = keys("level", "nativeCode", "nativeSeverity", "qualifier", "message")
    private static let levels: [[UInt8]] = ["NORMAL", "WARNING", "FAULT", "UNAVAILABLE"].map { Array($0.utf8) }

    private static func readCondition(_ reader: inout JSONReader, _ pointer: String) throws -> ObservationInput.Condition? {
        switch try reader.peekKind() {
        case .object: break
        case .null:
            try reader.readNull()
            return nil
        default: throw typeMismatch(pointer, "an object")
        }
        try reader.beginObject()
        var level: String?
        var detail: [String?] = [nil, nil, nil, nil]
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: conditionKeys)
            guard let index = key.index else { throw unknownField(pointer + "/" + escape(key.text)) }
            let at = pointer + "/" + conditionKeys[index].description
            if index == 0 {
                try expectString(&reader, at)
                let found = try reader.withStringBytes { bytes in levels.firstIndex { bytes.elementsEqual($0) } }
                guard let found else { throw HTTPProblem.invalidField(at, "Must be one of NORMAL, WARNING, FAULT, UNAVAILABLE.") }
                level = ["NORMAL", "WARNING", "FAULT", "UNAVAILABLE"][found]
            } else {
                detail[index - 1] = try optionalString(&reader, at)
            }
        }
        guard let level else { throw required(pointer + "/level") }
        return ObservationInput.Condition(
            level: level, nativeCode: detail[0], nativeSeverity: detail[1], qualifier: detail[2], message: detail[3]
        )
    }

    // MARK: Strings

    private static func requiredString(_ reader: inout JSONReader, _ pointer: String) throws -> String {
        try expectString(&reader, pointer)
        return try reader.readString()
    }

    /// A string field that may be absent or `null`.
    private static func optionalString(_ reader: inout JSONReader, _ pointer: String) throws -> String? {
        switch try reader.peekKind() {
        case .string: return try reader.readString()
        case .null:
            try reader.readNull()
            return nil
        default: throw typeMismatch(pointer, "a string")
        }
    }

    /// `type`, `subType` and `name`: optional strings of at most 200 characters.
    private static func optionalText(_ reader: inout JSONReader, _ pointer: String) throws -> String? {
        let text = try optionalString(&reader, pointer)
        if let text { try FieldRules.text(text, pointer, maxLength: 200, allowEmpty: true) }
        return text
    }

    private static func expectString(_ reader: inout JSONReader, _ pointer: String) throws {
        switch try reader.peekKind() {
        case .string: return
        case .null: throw valueNotFound(pointer, "a string")
        default: throw typeMismatch(pointer, "a string")
        }
    }

    // MARK: Problems

    private static func keys(_ names: String...) -> [[UInt8]] {
        names.map { Array($0.utf8) }
    }

    private static func required(_ pointer: String) -> HTTPProblem {
        .invalidField(pointer, "This field is required.")
    }

    private static func unknownField(_ pointer: String) -> HTTPProblem {
        .invalidField(pointer, "Unknown field; this object has no such member (see /openapi.yaml).")
    }

    private static func typeMismatch(_ pointer: String, _ expected: String) -> HTTPProblem {
        .invalidField(pointer, "Expected \(expected).")
    }

    private static func valueNotFound(_ pointer: String, _ expected: String) -> HTTPProblem {
        .invalidField(pointer, "Expected \(expected), found null.")
    }

    /// A member name as a JSON pointer segment (RFC 6901), at most 200 characters of it.
    private static func escape(_ name: String) -> String {
        String(name.prefix(200)).replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

extension Array where Element == UInt8 {
    /// The bytes as text, for the pointer of a known member.
    fileprivate var description: String { String(decoding: self, as: UTF8.self) }
}
