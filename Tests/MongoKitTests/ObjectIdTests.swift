import Foundation
import Testing
import MongoKit

@Suite("ObjectId")
struct ObjectIdTests {
    @Test("hex form round-trips and embeds the creation second")
    func hex() throws {
        let id = try ObjectId(hex: "5F1D7E3A9C1B2A3D4E5F6A7B")
        #expect(id.hex == "5f1d7e3a9c1b2a3d4e5f6a7b")
        #expect(id.date == Date(timeIntervalSince1970: 0x5F1D_7E3A))
        #expect(try ObjectId(hex: id.hex) == id)
    }

    @Test("invalid hex is rejected", arguments: ["", "5f1d7e3a9c1b2a3d4e5f6a7", "5f1d7e3a9c1b2a3d4e5f6a7g", "5f1d7e3a9c1b2a3d4e5f6a7bb"])
    func invalidHex(text: String) {
        #expect { try ObjectId(hex: text) } throws: { ($0 as? BSONError)?.kind == .invalidObjectId }
    }

    @Test("new ids in one process are distinct and carry the given time")
    func generated() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = (0..<1000).map { _ in ObjectId(date: date) }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.date == date })
        #expect(ids.allSatisfy { $0.bytes[4..<9] == ids[0].bytes[4..<9] })
    }
}
