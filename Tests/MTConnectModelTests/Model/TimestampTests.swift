import Foundation
import Testing
import MTConnectModel

@Suite struct TimestampTests {
    @Test func keepsAllSixFractionDigits() throws {
        let timestamp = try #require(MTConnectTimestamp(iso8601: "2022-04-21T03:21:32.630619Z"))
        #expect(timestamp.iso8601 == "2022-04-21T03:21:32.630619Z")
        // 2022-04-21T03:21:32Z is 1650511292 s after the epoch (date -d ... +%s).
        #expect(timestamp.microsecondsSinceEpoch == 1_650_511_292_630_619)
    }

    @Test(arguments: [
        ("2022-04-22T04:06:21Z", "2022-04-22T04:06:21.000000Z"),
        ("2022-04-22T04:06:21.5Z", "2022-04-22T04:06:21.500000Z"),
        ("2022-04-22T04:06:21.123456789Z", "2022-04-22T04:06:21.123456Z"),
        ("2022-04-22T04:06:21", "2022-04-22T04:06:21.000000Z"),
        ("2022-04-22T06:06:21+02:00", "2022-04-22T04:06:21.000000Z"),
        ("2020-02-29T23:59:59.999999-01:00", "2020-03-01T00:59:59.999999Z"),
        ("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500000Z"),
    ])
    func normalisesAgentTimestampsToUTC(input: String, expected: String) throws {
        let timestamp = try #require(MTConnectTimestamp(iso8601: input))
        #expect(timestamp.iso8601 == expected)
    }

    @Test(arguments: ["", "2022-04-22", "2022-13-01T00:00:00Z", "2021-02-29T00:00:00Z",
                      "2022-04-22T04:06:21.Z", "2022-04-22T04:06:21Zjunk", "UNAVAILABLE"])
    func rejectsTextThatIsNotATimestamp(input: String) {
        #expect(MTConnectTimestamp(iso8601: input) == nil)
    }

    // Found while writing FuzzSHDR's property that every timestamp read survives iso8601:
    // these formatted as "00-1-12-31T23:59:00.000000Z" and "10000-01-01T00:59:59.000000Z".
    @Test(arguments: ["0000-01-01T00:00:00+00:01", "9999-12-31T23:59:59-01:00"])
    func rejectsAnOffsetThatLeavesYearsZeroToNineThousandNineHundredNinetyNine(input: String) {
        #expect(MTConnectTimestamp(iso8601: input) == nil)
    }

    @Test(arguments: ["0000-01-01T00:00:00Z", "0000-01-01T01:00:00+01:00", "9999-12-31T23:59:59.999999Z",
                      "9999-12-31T22:59:59.999999-01:00"])
    func theFirstAndLastInstantsReadBack(input: String) throws {
        let timestamp = try #require(MTConnectTimestamp(iso8601: input))
        #expect(MTConnectTimestamp(iso8601: timestamp.iso8601) == timestamp)
    }

    @Test func agreesWithFoundationOnEpochSeconds() throws {
        let formatter = ISO8601DateFormatter()
        for text in ["2001-01-01T00:00:00Z", "2038-01-19T03:14:08Z", "2099-12-31T23:59:59Z"] {
            let date = try #require(formatter.date(from: text))
            let timestamp = try #require(MTConnectTimestamp(iso8601: text))
            #expect(timestamp.microsecondsSinceEpoch == Int64(date.timeIntervalSince1970) * 1_000_000)
        }
    }

    @Test func roundTripsThroughJSON() throws {
        let timestamp = try #require(MTConnectTimestamp(iso8601: "2024-05-01T12:00:00.000042Z"))
        let data = try JSONEncoder().encode([timestamp])
        #expect(String(decoding: data, as: UTF8.self) == #"["2024-05-01T12:00:00.000042Z"]"#)
        #expect(try JSONDecoder().decode([MTConnectTimestamp].self, from: data) == [timestamp])
    }
}
