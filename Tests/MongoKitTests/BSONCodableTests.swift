import Foundation
import Testing
import MongoKit

@Suite("BSONEncoder and BSONDecoder")
struct BSONCodableTests {
    struct Reading: Codable, Equatable {
        enum Quality: String, Codable { case good, bad }
        struct Axis: Codable, Equatable {
            var name: String
            var position: Double
        }

        var id: ObjectId
        var machine: UUID
        var sequence: Int
        var small: Int32
        var byte: UInt8
        var unsigned: UInt32
        var ratio: Float
        var active: Bool
        var time: Date
        var payload: Data
        var quality: Quality
        var axes: [Axis]
        var tags: [String: String]
        var note: String?
        var extra: BSONDocument
        var raw: BSON
    }

    static let reading = Reading(
        id: try! ObjectId(hex: "65f1d7e3a9c1b2a3d4e5f6a7"),
        machine: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!,
        sequence: 9_000_000_000,
        small: -7,
        byte: 200,
        unsigned: 4_000_000_000,
        ratio: 0.5,
        active: true,
        time: Date(timeIntervalSince1970: 1_700_000_000.25),
        payload: Data("hello".utf8),
        quality: .good,
        axes: [.init(name: "X", position: 1.5), .init(name: "Y", position: -2)],
        tags: ["line": "A"],
        note: nil,
        extra: ["k": .timestamp(BSONTimestamp(timestamp: 1, increment: 2))],
        raw: [1, "mixed"]
    )

    @Test("Swift values map to the BSON types other drivers use")
    func mapping() throws {
        let document = try BSONEncoder().encode(Self.reading)
        #expect(document["id"] == .objectId(Self.reading.id))
        #expect(document["machine"]?.binaryValue?.subtype == .uuid)
        #expect(document["sequence"] == .int64(9_000_000_000))
        #expect(document["small"] == .int32(-7))
        #expect(document["byte"] == .int32(200))
        #expect(document["unsigned"] == .int64(4_000_000_000))
        #expect(document["ratio"] == .double(0.5))
        #expect(document["time"] == .datetime(Self.reading.time))
        #expect(document["payload"] == .binary(BSONBinary(data: Data("hello".utf8))))
        #expect(document["quality"] == "good")
        #expect(document["axes"] == [["name": "X", "position": 1.5], ["name": "Y", "position": -2.0]])
        #expect(document["tags"] == ["line": "A"])
        #expect(document["note"] == nil, "nil optionals are left out")
        #expect(document["raw"] == [1, "mixed"])
        #expect(document.keys.first == "id", "fields keep declaration order")
    }

    @Test("a Codable value survives encode, libbson bytes and decode")
    func roundTrip() throws {
        let bytes = try BSONEncoder().encode(Self.reading).bytes()
        let decoded = try BSONDecoder().decode(Reading.self, from: BSONDocument(bytes: bytes))
        #expect(decoded == Self.reading)
    }

    struct Counter: Codable, Equatable {
        var count: Int64
        var level: Int8
        var fraction: Double
    }

    @Test("numbers decode across BSON widths when they fit exactly")
    func numericWidths() throws {
        let document: BSONDocument = ["count": .int32(5), "level": .double(3), "fraction": .int64(2)]
        #expect(try BSONDecoder().decode(Counter.self, from: document) == Counter(count: 5, level: 3, fraction: 2))
    }

    static let badDocuments: [(String, BSONDocument)] = [
        ("out of range", ["count": 1, "level": .int64(300), "fraction": 1.0]),
        ("fractional into integer", ["count": 1.5, "level": 1, "fraction": 1.0]),
        ("wrong type", ["count": "one", "level": 1, "fraction": 1.0]),
        ("missing key", ["count": 1, "fraction": 1.0]),
        ("null for non-optional", ["count": .null, "level": 1, "fraction": 1.0]),
    ]

    @Test("bad documents throw DecodingError naming the field", arguments: badDocuments)
    func decodingErrors(name: String, document: BSONDocument) {
        do {
            _ = try BSONDecoder().decode(Counter.self, from: document)
            Issue.record("\(name) decoded")
        } catch let error as DecodingError {
            let path: [any CodingKey]
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                path = context.codingPath
            case .keyNotFound(let key, _):
                path = [key]
            @unknown default:
                path = []
            }
            #expect(["count", "level"].contains(path.last?.stringValue ?? ""), "\(name): \(error)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }

    struct Huge: Encodable {
        var value: UInt64
    }

    @Test("an unsigned value above Int64.max is refused instead of wrapped")
    func unsignedOverflow() {
        #expect(throws: EncodingError.self) { try BSONEncoder().encode(Huge(value: .max)) }
    }

    @Test("a top-level value that is not a document is refused")
    func topLevelScalar() throws {
        #expect(throws: EncodingError.self) { try BSONEncoder().encode(42) }
        #expect(try BSONEncoder().encodeValue([1, 2]) == [1, 2])
    }
}
