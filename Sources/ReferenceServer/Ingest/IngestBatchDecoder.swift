import Foundation
import MTConnectCoreAPI
import _MTCSupport

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
///   field by its JSON pointer (`/observations/3/timestamp`), the first one met in document order;
/// - a member given twice: the first one counts and the others are only checked to be JSON.
enum IngestBatchDecoder {
    static let maximumObservations = 5000

    /// The observations of `body`, checked against the schema and the handler's rules.
    static func observations(in body: [UInt8]) throws(HTTPProblem) -> [ObservationInput] {
        var reader = JSONReader(body, skippingByteOrderMark: true)
        do {
            let observations = try readBatch(&reader)
            try reader.expectEnd()
            return observations
        } catch let error as JSONReader.SyntaxError {
            throw notJSON(error)
        } catch let problem as HTTPProblem {
            // A syntax error anywhere outranks a field's problem, as with the generated decoder.
            var validator = JSONReader(body, skippingByteOrderMark: true)
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

    /// Where a field is: turned into a JSON pointer only when there is a problem to report
    /// (formatting a pointer per field cost more than reading the field).
    struct Location {
        /// The observation's index in the batch, `nil` for the batch object.
        var observation: Int?
        /// Up to two member names below it (`condition`, `level`), literals or an unknown member's name.
        var member: String?
        var subMember: String?

        func appending(_ name: String) -> Location {
            var location = self
            if member == nil { location.member = name } else { location.subMember = name }
            return location
        }

        var pointer: String {
            var text = observation.map { "/observations/\($0)" } ?? ""
            for name in [member, subMember].compactMap({ $0 }) {
                text += "/" + String(name.prefix(200)).replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            }
            return text.isEmpty ? "/" : text
        }
    }

    // MARK: The batch

    private static let batchKeys = [Array("observations".utf8)]

    private static func readBatch(_ reader: inout JSONReader) throws -> [ObservationInput] {
        guard try reader.peekKind() == .object else { throw typeMismatch(Location(), "an object") }
        try reader.beginObject()
        var observations: [ObservationInput]?
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: batchKeys)
            guard key.index != nil else { throw unknownField(Location().appending(key.text)) }
            // A repeated member: the first one counts, as with JSONDecoder, which never reads the others.
            guard observations == nil else {
                try reader.skipValue(depth: 1)
                continue
            }
            observations = try readObservations(&reader)
        }
        guard let observations else { throw required(Location().appending("observations")) }
        guard !observations.isEmpty else { throw HTTPProblem.invalidField("/observations", "Send at least one observation.") }
        return observations
    }

    private static func readObservations(_ reader: inout JSONReader) throws -> [ObservationInput] {
        switch try reader.peekKind() {
        case .array: break
        case .null: throw valueNotFound(Location().appending("observations"), "an array")
        default: throw typeMismatch(Location().appending("observations"), "an array")
        }
        try reader.beginArray()
        var observations: [ObservationInput] = []
        var first = true
        while try reader.nextElement(first: first) {
            first = false
            guard observations.count < maximumObservations else {
                throw HTTPProblem.invalidField("/observations", "At most \(maximumObservations) observations per batch; split it.")
            }
            observations.append(try readObservation(&reader, at: Location(observation: observations.count)))
        }
        return observations
    }

    // MARK: One observation

    private enum Field: Int {
        case dataItemId, timestamp, category, type, subType, name, sequence, value, condition
    }

    private static let observationNames = [
        "dataItemId", "timestamp", "category", "type", "subType", "name", "sequence", "value", "condition",
    ]
    private static let observationKeys = observationNames.map { Array($0.utf8) }

    private static func readObservation(_ reader: inout JSONReader, at location: Location) throws -> ObservationInput {
        switch try reader.peekKind() {
        case .object: break
        case .null: throw valueNotFound(location, "an object")
        default: throw typeMismatch(location, "an object")
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
        /// Members already read: a repeated one is skipped (the first counts).
        var seen: UInt16 = 0
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: observationKeys)
            guard let index = key.index, let field = Field(rawValue: index) else {
                throw unknownField(location.appending(key.text))
            }
            guard seen & (1 << index) == 0 else {
                try reader.skipValue(depth: 3)
                continue
            }
            seen |= 1 << index
            let at = location.appending(observationNames[index])
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
        guard let dataItemId else { throw required(location.appending("dataItemId")) }
        guard let timestamp else { throw required(location.appending("timestamp")) }
        guard let category else { throw required(location.appending("category")) }
        if dataItemId.isEmpty || dataItemId.utf8.count > 200 {
            try FieldRules.text(dataItemId, location.appending("dataItemId").pointer, maxLength: 200)
        }
        return ObservationInput(
            dataItemId: dataItemId, timestamp: timestamp, category: category, type: type, subType: subType,
            name: name, sequence: sequence, value: value, condition: condition
        )
    }

    private static func readTimestamp(_ reader: inout JSONReader, _ location: Location) throws -> Date {
        try expectString(&reader, location)
        var text: String?
        let date = try reader.withStringBytes { bytes -> Date? in
            if let date = RFC3339.date(fromUTF8: bytes) { return date }
            text = String(decoding: bytes.prefix(1024), as: UTF8.self)
            return nil
        }
        guard let date else { throw HTTPProblem.invalidField(location.pointer, InvalidDateTime(text: text ?? "").description) }
        return date
    }

    private static let categoryNames = ["SAMPLE", "EVENT", "CONDITION"]
    private static let categories = categoryNames.map { Array($0.utf8) }

    private static func readCategory(_ reader: inout JSONReader, _ location: Location) throws -> String {
        try expectString(&reader, location)
        let index = try reader.withStringBytes { bytes in categories.firstIndex { bytes.elementsEqual($0) } }
        guard let index else { throw HTTPProblem.invalidField(location.pointer, "Must be one of SAMPLE, EVENT, CONDITION.") }
        return categoryNames[index]
    }

    private static func readSequence(_ reader: inout JSONReader, _ location: Location) throws -> Int64? {
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
            throw HTTPProblem.invalidField(location.pointer, "Must be an integer that fits in 64 bits.")
        default:
            throw typeMismatch(location, "an integer")
        }
    }

    private static func readValue(_ reader: inout JSONReader, _ location: Location) throws -> ObservationInput.Value? {
        switch try reader.peekKind() {
        case .null:
            try reader.readNull()
            return nil
        case .number:
            let text = try reader.readNumberText()
            guard let number = Double(text), number.isFinite else {
                throw HTTPProblem.invalidField(location.pointer, "Numbers must be finite.")
            }
            // A number too small for a Double is refused rather than read as 0, as with JSONDecoder.
            if number == 0, text.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
                throw HTTPProblem.invalidField(location.pointer, "The number is too small to be represented.")
            }
            return .number(number)
        case .string:
            let text = try reader.readString()
            guard text.utf8.count <= 4096 || text.count <= 4096 else {
                throw HTTPProblem.invalidField(location.pointer, "Text values are limited to 4096 characters.")
            }
            return .text(text)
        case .bool, .object, .array:
            // Depth 3: the batch object, its array and the observation enclose the value.
            try reader.skipValue(depth: 3)
            throw HTTPProblem.invalidField(location.pointer, "Must be a number, a string or null.")
        }
    }

    // MARK: A condition

    private static let conditionNames = ["level", "nativeCode", "nativeSeverity", "qualifier", "message"]
    private static let conditionKeys = conditionNames.map { Array($0.utf8) }
    private static let levelNames = ["NORMAL", "WARNING", "FAULT", "UNAVAILABLE"]
    private static let levels = levelNames.map { Array($0.utf8) }

    private static func readCondition(_ reader: inout JSONReader, _ location: Location) throws -> ObservationInput.Condition? {
        switch try reader.peekKind() {
        case .object: break
        case .null:
            try reader.readNull()
            return nil
        default: throw typeMismatch(location, "an object")
        }
        try reader.beginObject()
        var level: String?
        var detail: [String?] = [nil, nil, nil, nil]
        var seen: UInt8 = 0
        var first = true
        while try reader.nextMember(first: first) {
            first = false
            let key = try reader.readKey(matching: conditionKeys)
            guard let index = key.index else { throw unknownField(location.appending(key.text)) }
            guard seen & (1 << index) == 0 else {
                try reader.skipValue(depth: 4)
                continue
            }
            seen |= 1 << index
            let at = location.appending(conditionNames[index])
            if index == 0 {
                try expectString(&reader, at)
                let found = try reader.withStringBytes { bytes in levels.firstIndex { bytes.elementsEqual($0) } }
                guard let found else { throw HTTPProblem.invalidField(at.pointer, "Must be one of NORMAL, WARNING, FAULT, UNAVAILABLE.") }
                level = levelNames[found]
            } else {
                detail[index - 1] = try optionalString(&reader, at)
            }
        }
        guard let level else { throw required(location.appending("level")) }
        return ObservationInput.Condition(
            level: level, nativeCode: detail[0], nativeSeverity: detail[1], qualifier: detail[2], message: detail[3]
        )
    }

    // MARK: Strings

    private static func requiredString(_ reader: inout JSONReader, _ location: Location) throws -> String {
        try expectString(&reader, location)
        return try reader.readString()
    }

    /// A string field that may be absent or `null`.
    private static func optionalString(_ reader: inout JSONReader, _ location: Location) throws -> String? {
        switch try reader.peekKind() {
        case .string: return try reader.readString()
        case .null:
            try reader.readNull()
            return nil
        default: throw typeMismatch(location, "a string")
        }
    }

    /// `type`, `subType` and `name`: optional strings of at most 200 characters.
    private static func optionalText(_ reader: inout JSONReader, _ location: Location) throws -> String? {
        let text = try optionalString(&reader, location)
        if let text, text.utf8.count > 200 { try FieldRules.text(text, location.pointer, maxLength: 200, allowEmpty: true) }
        return text
    }

    private static func expectString(_ reader: inout JSONReader, _ location: Location) throws {
        switch try reader.peekKind() {
        case .string: return
        case .null: throw valueNotFound(location, "a string")
        default: throw typeMismatch(location, "a string")
        }
    }

    // MARK: Problems

    private static func required(_ location: Location) -> HTTPProblem {
        .invalidField(location.pointer, "This field is required.")
    }

    private static func unknownField(_ location: Location) -> HTTPProblem {
        .invalidField(location.pointer, "Unknown field; this object has no such member (see /openapi.yaml).")
    }

    private static func typeMismatch(_ location: Location, _ expected: String) -> HTTPProblem {
        .invalidField(location.pointer, "Expected \(expected).")
    }

    private static func valueNotFound(_ location: Location, _ expected: String) -> HTTPProblem {
        .invalidField(location.pointer, "Expected \(expected), found null.")
    }
}
