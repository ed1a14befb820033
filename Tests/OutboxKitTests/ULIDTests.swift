import Foundation
import OutboxKit
import Testing

@Suite struct ULIDTests {
    @Test func textFormRoundTripsAndSortsLikeTheID() throws {
        let ids = (0..<1000).map { _ in ULID() }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(50) {
            let text = id.description
            #expect(text.count == 26)
            #expect(ULID(text) == id)
            #expect(ULID(text.lowercased()) == id)
        }
        #expect(ids.map(\.description) == ids.map(\.description).sorted())
    }

    @Test func timestampIsTheCreationMillisecond() {
        let before = Date().timeIntervalSince1970
        let id = ULID()
        let after = Date().timeIntervalSince1970
        let seconds = id.date.timeIntervalSince1970
        #expect(seconds >= (before * 1000).rounded(.down) / 1000 && seconds <= after)
    }

    @Test(arguments: ["", "01ARZ3NDEKTSV4RRFFQ69G5FA", "01ARZ3NDEKTSV4RRFFQ69G5FAVX", "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01ARZ3NDEKTSV4RRFFQ69G5FAU"])
    func malformedTextIsRejected(_ text: String) {
        #expect(ULID(text) == nil)
    }

    @Test func knownTextDecodesToKnownBits() throws {
        let id = try #require(ULID("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"))
        #expect(id.high == .max && id.low == .max)
        #expect(ULID("00000000000000000000000001") == ULID(high: 0, low: 1))
        #expect(ULID("0000000000000000000000000L") == ULID(high: 0, low: 1))
    }
}
