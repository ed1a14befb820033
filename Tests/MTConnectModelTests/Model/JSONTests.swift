import Foundation
import Testing
import MTConnectModel

@Suite struct JSONTests {
    @Test func observationValuesEncodeAsAKindAndAValue() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: ObservationValue) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        #expect(try json(.number(1.5)) == #"{"kind":"number","number":1.5}"#)
        #expect(try json(.unavailable) == #"{"kind":"unavailable"}"#)
        #expect(try json(.text("ACTIVE")) == #"{"kind":"text","text":"ACTIVE"}"#)
        #expect(try json(.condition(Condition(level: .fault, nativeCode: "1"))) ==
                #"{"condition":{"level":"FAULT","nativeCode":"1"},"kind":"condition"}"#)
    }

    @Test func everyObservationOfTheMillRoundTrips() throws {
        let observations = try MTConnectParser().parseStreams(try Fixture.bytes("streams.xml")).observations
        let data = try JSONEncoder().encode(observations)
        #expect(try JSONDecoder().decode([Observation].self, from: data) == observations)
    }

    @Test func anUnknownKindIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ObservationValue.self, from: Data(#"{"kind":"vector"}"#.utf8))
        }
    }
}
