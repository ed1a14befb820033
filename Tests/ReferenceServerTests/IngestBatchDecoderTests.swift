import Foundation
@_spi(Fuzzing) @testable import ReferenceServer
import Testing
import TestSupport

/// The hand-written decoder of `/internal` batches against the generated types it replaces:
/// the same observations for every body the generated code accepts, a refusal for every body
/// it refuses. The status of a refusal is pinned by the tables below rather than compared:
/// Foundation's `JSONDecoder` reads lazily, so whether a broken body gets its 400 (not JSON) or
/// a 422 (a field) depends on where the damage is — a bad escape in a string nobody reads, a
/// leading zero, a trailing comma pass its first scan — while the hand-written decoder answers
/// 400 for every body that is not JSON and 422 naming the field for every one that is.
@Suite("The ingest batch decoder agrees with the generated types")
struct IngestBatchDecoderTests {
    /// What a decoder made of a body: its observations, or the status and type of its problem.
    enum Decoded: Equatable, CustomStringConvertible {
        case observations([ObservationInput])
        case problem(status: Int, type: String, field: String?)

        var description: String {
            switch self {
            case .observations(let items): "\(items.count) observations"
            case .problem(let status, let type, let field): "\(status) \(type) at \(field ?? "-")"
            }
        }

        /// The same observations, or both a client error.
        func agrees(with other: Decoded) -> Bool {
            switch (self, other) {
            case (.observations(let mine), .observations(let theirs)): mine == theirs
            case (.problem(let status, _, _), .problem(let otherStatus, _, _)): [400, 422].contains(status) && [400, 422].contains(otherStatus)
            default: false
            }
        }
    }

    static func decode(_ bytes: [UInt8], throughGeneratedTypes: Bool) async -> Decoded {
        do {
            return .observations(try await RequestBodyDecoding.ingestObservations(bytes, throughGeneratedTypes: throughGeneratedTypes))
        } catch {
            let problem = HTTPProblem(answering: error)
            return .problem(status: problem.status.code, type: problem.type, field: problem.errors.first?.field)
        }
    }

    static func expectAgreement(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) async -> Decoded {
        let bytes = Array(body.utf8)
        let fast = await decode(bytes, throughGeneratedTypes: false)
        let generated = await decode(bytes, throughGeneratedTypes: true)
        #expect(fast.agrees(with: generated), "\(body.prefix(300)): hand-written \(fast), generated \(generated)", sourceLocation: sourceLocation)
        return fast
    }

    static let item = #"{"dataItemId":"exec","timestamp":"2026-01-31T12:00:00.123456Z","category":"EVENT","type":"EXECUTION","value":"ACTIVE","sequence":12}"#

    @Test("valid batches give the same observations", arguments: [
        #"{"observations":[\#(item)]}"#,
        #"  {"observations" : [ {"dataItemId":"pc","timestamp":"2026-01-31T12:00:01Z","category":"SAMPLE","value":3.5,"name":"parts","subType":"ALL"} ] } "#,
        #"{"observations":[{"dataItemId":"c","timestamp":"2026-01-31 12:00:02.5+01:00","category":"CONDITION","condition":{"level":"FAULT","nativeCode":"1","nativeSeverity":"2","qualifier":"HIGH","message":"m"}}]}"#,
        #"{"observations":[{"dataItemId":"u","timestamp":"2026-01-31T12:00:03Z","category":"EVENT","value":null}]}"#,
        #"{"observations":[{"dataItemId":"e\u0078ec\n\"q\"\/\ud83d\ude00","timestamp":"2026-01-31T12:00:03Z","category":"EVENT","value":"\u00e9t\u00e9 \t"}]}"#,
        #"{"observations":[{"dataItemId":"n","timestamp":"2026-01-31T12:00:03Z","category":"SAMPLE","value":-0.0},{"dataItemId":"m","timestamp":"2026-01-31T12:00:03Z","category":"SAMPLE","value":1e300,"sequence":1.0e2}]}"#,
        #"{"observations":[{"dataItemId":"s","timestamp":"2026-01-31T12:00:03Z","category":"SAMPLE","sequence":-9223372036854775808,"type":"","name":"","value":"ÄÖÜ 中文"}]}"#,
        #"{"observations":[{"dataItemId":"k","timestamp":"2026-01-31T12:00:03Z","category":"CONDITION","condition":{"level":"NORMAL"}}]}"#,
    ])
    func validBatches(body: String) async throws {
        let decoded = await Self.expectAgreement(body)
        guard case .observations(let observations) = decoded else {
            Issue.record("refused: \(decoded)")
            return
        }
        #expect(!observations.isEmpty)
    }

    @Test("invalid batches are refused, 400 when not JSON, 422 naming the field otherwise", arguments: [
        ("", 400), ("{", 400), ("[]", 422), ("null", 422), (#"{"observations":{}}"#, 422), (#"{"observations":[]}"#, 422),
        (#"{}"#, 422), (#"{"observations":[\#(item)],"extra":1}"#, 422), (#"{"observations":[\#(item)]} x"#, 400),
        (#"{"observations":[1]}"#, 422), (#"{"observations":[{"timestamp":"2026-01-31T12:00:00Z","category":"EVENT"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"yesterday","category":"EVENT"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00","category":"EVENT"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"OTHER"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"","timestamp":"2026-01-31T12:00:00Z","category":"EVENT"}]}"#, 422),
        (#"{"observations":[{"dataItemId":5,"timestamp":"2026-01-31T12:00:00Z","category":"EVENT"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":true}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":[1,{"a":[]}]}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":1e400}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","sequence":1.5}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","sequence":"1"}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","sequence":99999999999999999999}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"CONDITION","condition":{}}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"CONDITION","condition":{"level":"BAD"}}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"CONDITION","condition":{"level":"FAULT","x":1}}]}"#, 422),
        (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":01}]}"#, 400),
        (#"{"observations":[{"dataItemId":"x\u12","timestamp":"2026-01-31T12:00:00Z","category":"EVENT"}]}"#, 400),
        (#"{"observations":[{"dataItemId":"x","category":"OTHER","timestamp":"2026-01-31T12:00:00Z"},]}"#, 400),
        (#"{"observations":[{"dataItemId":"x\#u{01}","timestamp":"2026-01-31T12:00:00Z","category":"EVENT"}]}"#, 400),
    ])
    func invalidBatches(body: String, status: Int) async {
        let decoded = await Self.expectAgreement(body)
        guard case .problem(let got, _, _) = decoded else {
            Issue.record("accepted: \(body)")
            return
        }
        #expect(got == status, "\(body)")
    }

    @Test("edge cases of numbers, escapes and repeated members get the same answer from both", arguments: [
        #"{"value":1e-400}"#, #"{"value":1e-320}"#, #"{"value":0e-400}"#, #"{"value":1E5}"#, #"{"value":-0}"#, #"{"value":123456789012345678901234567890}"#,
        #"{"value":0.1e1}"#, #"{"sequence":1e2}"#, #"{"sequence":-0}"#, #"{"sequence":9223372036854775807}"#,
        #"{"sequence":9223372036854775808}"#, #"{"sequence":-9223372036854775809}"#, #"{"sequence":1.0e0}"#, #"{"sequence":1e19}"#,
        #"{"value":"a\u0000b"}"#, #"{"name":"\ud834\udd1e"}"#, #"{"name":"\udd1e"}"#, #"{"d\u0061taItemId":"y"}"#,
        #"{"dataItemId":"y","dataItemId":"z"}"#, #"{"value":1,"value":"t"}"#, #"{"condition":{"level":"FAULT","level":"NORMAL"}}"#,
        #"{"condition":null}"#, #"{"value":1,"value":[}"#, #"{"sequence":1,"sequence":"x"}"#, #"{"type":null}"#, #"{"value":"\#(String(repeating: "é", count: 4096))"}"#,
        #"{"value":"\#(String(repeating: "e", count: 4097))"}"#, #"{"dataItemId":"\#(String(repeating: "é", count: 200))"}"#,
    ])
    func edgeCases(extra: String) async {
        // `extra`'s members replace or join those of a valid observation.
        let members = String(extra.dropFirst().dropLast())
        let body = #"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT",\#(members)}]}"#
        _ = await Self.expectAgreement(body)
    }

    @Test("a UTF-8 byte order mark is ignored; other encodings are refused as not JSON")
    func byteOrderMarks() async throws {
        let body = Array(#"{"observations":[\#(Self.item)]}"#.utf8)
        let withMark: [UInt8] = [0xEF, 0xBB, 0xBF] + body
        #expect(await Self.decode(withMark, throughGeneratedTypes: false) == Self.decode(body, throughGeneratedTypes: true))
        #expect(await Self.decode(withMark, throughGeneratedTypes: true) == Self.decode(body, throughGeneratedTypes: true))
        // JSON on a network is UTF-8 (RFC 8259 §8.1); Foundation also reads UTF-16, the server does not.
        let utf16: [UInt8] = [0xFF, 0xFE] + Array(String(decoding: body, as: UTF8.self).utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(await Self.decode(utf16, throughGeneratedTypes: false) == .problem(status: 400, type: "bad-request", field: nil))
    }

    @Test("a problem names the field by its JSON pointer")
    func problemsNameTheField() async {
        let cases: [(String, String)] = [
            (#"{"observations":[\#(Self.item),{"dataItemId":"x","timestamp":"soon","category":"EVENT"}]}"#, "/observations/1/timestamp"),
            (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","colour":"red"}]}"#, "/observations/0/colour"),
            (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z"}]}"#, "/observations/0/category"),
            (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"CONDITION","condition":{"level":"FAULT","a/b":1}}]}"#, "/observations/0/condition/a~1b"),
            (#"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","type":"\#(String(repeating: "t", count: 201))"}]}"#, "/observations/0/type"),
        ]
        for (body, field) in cases {
            let decoded = await Self.decode(Array(body.utf8), throughGeneratedTypes: false)
            #expect(decoded == .problem(status: 422, type: "validation-failed", field: field), "\(body.prefix(200))")
        }
    }

    @Test("more than 5,000 observations are refused at /observations")
    func tooManyObservations() async {
        let body = #"{"observations":["# + Array(repeating: Self.item, count: 5001).joined(separator: ",") + "]}"
        let decoded = await Self.expectAgreement(body)
        #expect(decoded == .problem(status: 422, type: "validation-failed", field: "/observations"))
    }

    @Test("nesting beyond the limit is refused as not JSON, not by a stack overflow")
    func deepNesting() async {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let body = #"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":\#(deep)}]}"#
        let decoded = await Self.decode(Array(body.utf8), throughGeneratedTypes: false)
        #expect(decoded == .problem(status: 400, type: "bad-request", field: nil))
    }

    /// A `,` followed (after white space) by `}` or `]` outside a string.
    static func hasTrailingComma(_ bytes: [UInt8]) -> Bool {
        var inString = false, escaped = false, afterComma = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true; afterComma = false
            case UInt8(ascii: ","): afterComma = true
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if afterComma { return true }
            case 0x20, 0x09, 0x0A, 0x0D: continue
            default: afterComma = false
            }
        }
        return false
    }

    @Test("a trailing comma is refused as RFC 8259 says, although JSONDecoder would take it", arguments: [
        #"{"observations":[{"dataItemId":"pc","timestamp":"2026-01-31T12:00:01Z","category":"SAMPLE","value":3.5,}]}"#,
        #"{"observations":[{"dataItemId":"pc","timestamp":"2026-01-31T12:00:01Z","category":"SAMPLE","value":3.5} ,]}"#,
    ])
    func trailingCommaIsRefused(body: String) async {
        #expect(Self.hasTrailingComma(Array(body.utf8)))
        #expect(!Self.hasTrailingComma(Array(#"{"a":",}"}"#.utf8)))
        let decoded = await Self.decode(Array(body.utf8), throughGeneratedTypes: false)
        #expect(decoded == .problem(status: 400, type: "bad-request", field: nil))
    }

    @Test("mutated batches get the same answer from both decoders (seeded)")
    func mutatedBatches() async {
        let seeded = SeededGenerator.fromEnvironment(label: "IngestBatchDecoderTests.mutatedBatches")
        let seed = seeded.seed
        var generator = seeded.generator
        let tokens = [
            "{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "1", "-", "1e5", "\"x\"", " ", "\\u00e9",
            "\"value\":", "\"sequence\":", "\"condition\":{\"level\":\"FAULT\"}", "\"category\":\"SAMPLE\"",
        ]
        let base = Array(#"{"observations":[\#(Self.item),{"dataItemId":"pc","timestamp":"2026-01-31T12:00:01Z","category":"SAMPLE","value":3.5},{"dataItemId":"c","timestamp":"2026-01-31T12:00:02+01:00","category":"CONDITION","condition":{"level":"FAULT","message":"m"}}]}"#.utf8)
        for round in 0..<2000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0...bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where position < bytes.count: bytes.remove(at: position)
                case 1: bytes.insert(contentsOf: Array(tokens.randomElement(using: &generator)!.utf8), at: position)
                case 2 where position < bytes.count: bytes[position] = UInt8.random(in: 0x20...0x7E, using: &generator)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            let fast = await Self.decode(bytes, throughGeneratedTypes: false)
            if Self.hasTrailingComma(bytes) {
                // Foundation's JSONDecoder accepts `[1,]` and `{"a":1,}`; RFC 8259 does not,
                // and neither does the hand-written decoder.
                #expect(fast == .problem(status: 400, type: "bad-request", field: nil), "round \(round), seed \(seed)")
                continue
            }
            let generated = await Self.decode(bytes, throughGeneratedTypes: true)
            #expect(
                fast.agrees(with: generated),
                "round \(round), seed \(seed): \(String(decoding: bytes, as: UTF8.self)) — hand-written \(fast), generated \(generated)"
            )
        }
    }
}

@Suite("The raw batch event")
struct RawBatchPayloadTests {
    @Test("is the batch as JSON, members sorted, absent fields left out, text escaped")
    func payloadIsTheBatch() throws {
        let machine = MachineRecord(
            id: "m-1", tenantId: "t\"1", externalId: "ext/1", name: "Mill", sourceJSON: #"{"kind":"none"}"#,
            createdAt: 0, updatedAt: 0
        )
        let observations = [
            ObservationInput(
                dataItemId: "exec\n", timestamp: Date(timeIntervalSince1970: 1_769_860_800.123456), category: "EVENT",
                type: "EXECUTION", sequence: 7, value: .text("ACTIVE \u{01}\\")
            ),
            ObservationInput(
                dataItemId: "c", timestamp: Date(timeIntervalSince1970: 1_769_860_801), category: "CONDITION", subType: "S",
                name: "n", value: .number(3), condition: .init(level: "FAULT", message: "m")
            ),
            ObservationInput(dataItemId: "u", timestamp: Date(timeIntervalSince1970: 1_769_860_802), category: "SAMPLE"),
        ]
        let payload = IngestPipeline.rawBatchPayload(
            observations, header: RawBatchHeader(machine: machine, source: "internal", receivedAt: Date(timeIntervalSince1970: 1_769_860_803.5))
        )
        let text = String(decoding: payload, as: UTF8.self)
        #expect(text.hasPrefix(#"{"externalId":"ext/1","machineId":"m-1","observations":[{"category":"EVENT","dataItemId":"exec\n","#))
        #expect(text.hasSuffix(#""receivedAt":"2026-01-31T12:00:03.500Z","schemaVersion":1,"source":"internal","tenantId":"t\"1"}"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        let items = try #require(object["observations"] as? [[String: Any]])
        #expect(items.count == 3)
        #expect(items[0]["value"] as? String == "ACTIVE \u{01}\\")
        #expect(items[0]["timestamp"] as? String == "2026-01-31T12:00:00.123456Z")
        #expect(items[0]["sequence"] as? Int == 7)
        #expect(items[1]["conditionLevel"] as? String == "FAULT")
        #expect(items[1]["value"] as? String == "3")
        #expect(Set(items[2].keys) == ["category", "dataItemId", "timestamp"])
    }
}
