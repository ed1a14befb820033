import Foundation
import Testing
import MongoKit

@Suite("BSON documents through libbson")
struct BSONDocumentTests {
    static let values: [(String, BSON)] = [
        ("double", .double(-1.5e300)),
        ("string", .string("spindle ⚙️ ünïcode")),
        ("empty string", .string("")),
        ("string with NUL", .string("a\0b")),
        ("document", .document(["a": 1, "b": ["c": "d"]])),
        ("empty document", .document([:])),
        ("array", .array([1, "two", .null, [3.5], ["k": true]])),
        ("binary", .binary(BSONBinary(data: Data([0, 1, 2, 255])))),
        ("empty binary", .binary(BSONBinary(data: Data()))),
        ("uuid binary", .binary(BSONBinary(uuid: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!))),
        ("user binary", .binary(BSONBinary(data: Data([9]), subtype: .userDefined))),
        ("objectId", .objectId(try! ObjectId(hex: "5f1d7e3a9c1b2a3d4e5f6a7b"))),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("datetime", .datetime(Date(timeIntervalSince1970: 1_700_000_000.123))),
        ("pre-epoch datetime", .datetime(Date(timeIntervalSince1970: -86_400.5))),
        ("null", .null),
        ("int32 min", .int32(.min)),
        ("int32 max", .int32(.max)),
        ("int64 min", .int64(.min)),
        ("int64 max", .int64(.max)),
        ("timestamp", .timestamp(BSONTimestamp(timestamp: 1_700_000_000, increment: 7))),
    ]

    @Test("every supported value survives a round trip through libbson bytes", arguments: values)
    func roundTrip(name: String, value: BSON) throws {
        let document: BSONDocument = ["_id": 1, "value": value, "after": "x"]
        let bytes = try document.bytes()
        let decoded = try BSONDocument(bytes: bytes)
        #expect(decoded == document, "\(name)")
        #expect(decoded.keys == ["_id", "value", "after"])
    }

    @Test("libbson writes the documented wire format")
    func wireFormat() throws {
        let document: BSONDocument = ["a": .int32(1)]
        let bytes = try document.bytes()
        #expect(bytes == [0x0C, 0, 0, 0, 0x10, UInt8(ascii: "a"), 0, 1, 0, 0, 0, 0])
        let json = try (["n": .int64(5), "s": "x"] as BSONDocument).extendedJSON()
        #expect(json == #"{ "n" : 5, "s" : "x" }"#)
    }

    @Test("key order is kept and a repeated key replaces the value in place")
    func ordering() {
        var document: BSONDocument = ["z": 1, "a": 2]
        document["m"] = 3
        document["z"] = 4
        #expect(document.keys == ["z", "a", "m"])
        #expect(document["z"] == 4)
        document["a"] = nil
        #expect(document.keys == ["z", "m"])
        let nested: BSONDocument = ["a": ["b": ["c": "deep"]]]
        #expect(nested[path: "a.b.c"] == "deep")
        #expect(nested[path: "a.x.c"] == nil)
    }

    @Test("datetimes are stored to the nearest millisecond")
    func datetimePrecision() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.123_4)
        let decoded = try BSONDocument(bytes: (["d": .datetime(date)] as BSONDocument).bytes())
        let milliseconds = try #require(decoded["d"]?.dateValue).timeIntervalSince1970 * 1000
        #expect(milliseconds.rounded() == 1_700_000_000_123)
    }

    @Test("a key holding a NUL byte is rejected with a typed error")
    func nulKey() {
        let document: BSONDocument = ["bad\0key": 1]
        #expect { try document.bytes() } throws: { ($0 as? BSONError)?.kind == .invalidKey }
        let nested: BSONDocument = ["ok": ["bad\0": 1]]
        #expect { try nested.bytes() } throws: { ($0 as? BSONError)?.kind == .invalidKey }
    }

    static let corrupt: [(String, [UInt8])] = [
        ("empty", []),
        ("too short", [5, 0, 0]),
        ("length larger than data", [0x20, 0, 0, 0, 0]),
        ("missing terminator", [0x05, 0, 0, 0, 1]),
        ("truncated element", [0x0C, 0, 0, 0, 0x10, UInt8(ascii: "a"), 0, 1, 0, 0, 0, 0x10]),
        ("invalid UTF-8", [0x0E, 0, 0, 0, 0x02, UInt8(ascii: "s"), 0, 2, 0, 0, 0, 0xFF, 0, 0]),
        ("string length past end", [0x0E, 0, 0, 0, 0x02, UInt8(ascii: "s"), 0, 0x40, 0, 0, 0, 0x41, 0, 0]),
    ]

    @Test("corrupt bytes fail with invalidDocument instead of crashing", arguments: corrupt)
    func corruptBytes(name: String, bytes: [UInt8]) {
        #expect(throws: BSONError.self, "\(name)") { try BSONDocument(bytes: bytes) }
        do {
            _ = try BSONDocument(bytes: bytes)
        } catch {
            #expect(error.kind == .invalidDocument, "\(name): \(error)")
        }
    }

    @Test("an unsupported BSON type is reported with its key, not dropped")
    func unsupportedType() throws {
        // { "r": /a/ } — a regular expression, type 0x0B.
        let body: [UInt8] = [0x0B, UInt8(ascii: "r"), 0, UInt8(ascii: "a"), 0, 0]
        let length = UInt8(body.count + 5)
        let bytes: [UInt8] = [length, 0, 0, 0] + body + [0]
        do {
            _ = try BSONDocument(bytes: bytes)
            Issue.record("a regex was read without an error")
        } catch {
            #expect(error.kind == .unsupportedType)
            #expect(error.message.contains("\"r\""))
        }
    }
}

@Suite("Concatenated BSON documents")
struct ConcatenatedBSONTests {
    @Test("a mongodump-style stream splits into its documents")
    func splits() throws {
        let first: BSONDocument = ["a": 1]
        let second: BSONDocument = ["b": ["c": "d"]]
        let bytes = try first.bytes() + second.bytes()
        #expect(try BSONDocument.documents(concatenatedIn: bytes) == [first, second])
        #expect(try BSONDocument.documents(concatenatedIn: []) == [])
    }

    @Test("a stream cut short names the offset of the broken document")
    func truncated() throws {
        let bytes = try (["a": 1] as BSONDocument).bytes()
        let cut = bytes + bytes.dropLast(3)
        do {
            _ = try BSONDocument.documents(concatenatedIn: cut)
            Issue.record("a truncated stream was read")
        } catch {
            #expect(error.kind == .invalidDocument)
            #expect(error.message.contains("offset \(bytes.count)"))
        }
    }
}

@Suite("BSONDocument descriptions")
struct BSONDocumentDescriptionTests {
    @Test("a document describes itself as extended JSON, and unrenderable ones as elements")
    func description() {
        let document: BSONDocument = ["a": .int32(1), "b": ["c": true]]
        #expect(document.description == #"{ "a" : 1, "b" : { "c" : true } }"#)
        let bad: BSONDocument = ["a\0": 1]
        #expect(bad.description.contains("int64(1)"))
    }
}
