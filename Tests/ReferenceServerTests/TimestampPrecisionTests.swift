import Foundation
import MTConnectCoreAPI
import Testing

@Suite("Timestamps keep microseconds end to end")
struct TimestampPrecisionTests {
    @Test("RFC 3339 text round-trips to the microsecond", arguments: [
        (".001", ".001"), (".000123", ".000123"), (".999999", ".999999"), (".5", ".500"), ("", ".000"),
        (".0000005", ".000001"), (".123456789", ".123457"),
    ])
    func textRoundTrips(fraction: String, printed: String) throws {
        let date = try #require(RFC3339.date(from: "2025-01-01T00:00:00\(fraction)Z"))
        #expect(RFC3339.string(from: date) == "2025-01-01T00:00:00\(printed)Z")
    }

    @Test("offsets, lowercase separators and far dates parse; malformed text does not", arguments: [
        ("2025-01-01T01:30:00.25+01:30", "2025-01-01T00:00:00.250Z"),
        ("1969-12-31t23:59:59.999999z", "1969-12-31T23:59:59.999999Z"),
        ("2400-02-29T12:00:00Z", "2400-02-29T12:00:00.000Z"),
        // RFC 3339 puts no bound on fraction digits; past the nanosecond they cannot matter.
        ("2025-01-01T00:00:00.1234567890123Z", "2025-01-01T00:00:00.123457Z"),
    ])
    func variantsParse(text: String, normalized: String) throws {
        #expect(RFC3339.date(from: text).map(RFC3339.string(from:)) == normalized)
    }

    @Test("malformed date-times are refused", arguments: [
        "2025-01-01T00:00:00", "2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01T00:00:00.Z",
        "2025-01-01T00:00:00.5 Z", "2025-1-01T00:00:00Z", "2025-01-01T00:00:00+0100", "",
    ])
    func malformedAreRefused(text: String) {
        #expect(RFC3339.date(from: text) == nil)
    }

    @Test("an observation ingested at .001, .000123 and .999999 reads back with the same time", arguments: [".001", ".000123", ".999999"])
    func ingestedTimesReadBackExactly(fraction: String) async throws {
        try await TestServer.with { server in
            let created = try await send(
                .POST, "\(server.baseURL)/api/v1/machines",
                headers: [("Authorization", "Bearer \(server.adminToken)"), ("Content-Type", "application/json")],
                body: Array(#"{"externalId":"t1","name":"Lathe","source":{"kind":"none"}}"#.utf8)
            )
            let machine = try #require(created.json?["id"] as? String)
            let timestamp = "2025-01-01T00:00:00\(fraction)Z"
            let ingest = try await send(
                .POST, "\(server.baseURL)/internal/machines/\(machine)/data",
                headers: [("Authorization", "Bearer \(TestServer.internalToken)"), ("Content-Type", "application/json")],
                body: Array(#"{"observations":[{"dataItemId":"x","timestamp":"\#(timestamp)","category":"SAMPLE","value":1}]}"#.utf8)
            )
            #expect(ingest.status == 200)
            let read = try await send(
                .GET, "\(server.baseURL)/api/v1/machines/\(machine)/data?from=2025-01-01T00:00:00Z&to=2025-01-01T00:00:01Z",
                headers: [("Authorization", "Bearer \(server.adminToken)")]
            )
            let items = try #require(read.json?["items"] as? [[String: Any]])
            #expect(items.first?["timestamp"] as? String == timestamp)
        }
    }
}
