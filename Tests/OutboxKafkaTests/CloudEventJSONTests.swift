import Foundation
import OutboxKafka
import OutboxKit
import Testing

@Suite struct CloudEventJSONTests {
    func decode(_ event: OutboxEvent) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(CloudEventJSON.encode(event))) as? [String: Any])
    }

    @Test func jsonPayloadIsEmbeddedWithEveryAttribute() throws {
        let event = OutboxEvent(
            partitionKey: "machine-7", type: "machine.state.changed", source: "/plants/plant-1", subject: "spindle",
            time: Date(timeIntervalSince1970: 1_700_000_000.123), schemaVersion: 2,
            payload: Array(#"{"state":"ACTIVE"}"#.utf8), headers: ["traceparent": "00-1-2-01", "Bad-Name": "x", "id": "spoof"]
        )
        let object = try decode(event)
        #expect(object["specversion"] as? String == "1.0")
        #expect(object["id"] as? String == event.id.description)
        #expect(object["source"] as? String == "/plants/plant-1")
        #expect(object["type"] as? String == "machine.state.changed")
        #expect(object["subject"] as? String == "spindle")
        #expect(object["time"] as? String == "2023-11-14T22:13:20.123Z")
        #expect(object["datacontenttype"] as? String == "application/json")
        #expect(object["schemaversion"] as? Int == 2)
        #expect(object["partitionkey"] as? String == "machine-7")
        #expect(object["traceparent"] as? String == "00-1-2-01")
        #expect(object["Bad-Name"] == nil)
        #expect((object["data"] as? [String: Any])?["state"] as? String == "ACTIVE")
    }

    @Test(arguments: [
        ("application/octet-stream", [UInt8]([0, 1, 2, 255])),
        ("application/json", Array("{not json".utf8)),
        ("application/json", Array(#"{"a":1,}"#.utf8)),
        ("application/json", Array(#"[1, 2"#.utf8)),
        ("application/json", Array(#"{"a":01}"#.utf8)),
        ("application/json", Array("\"tab\there\"".utf8)),
        ("application/json", Array(#"{"a":"\x"}"#.utf8)),
        ("application/json", Array("true false".utf8)),
        ("application/json", [UInt8]()),
    ])
    func nonJSONPayloadIsBase64Encoded(_ contentType: String, _ payload: [UInt8]) throws {
        let event = OutboxEvent(partitionKey: "k", type: "t", source: "/s", dataContentType: contentType, payload: payload)
        let object = try decode(event)
        #expect(object["data"] == nil)
        #expect((object["data_base64"] as? String).flatMap { Data(base64Encoded: $0) } == Data(payload))
    }

    @Test(arguments: [
        #"{"a":[1,-2.5e+3,0.1,true,false,null,"x\u00e9\n"],"b":{}}"#,
        #"  [ ]  "#,
        #""just a string""#,
        "42",
        #"{"nested":[[[{"k":"v"}]]]}"#,
    ])
    func validJSONPayloadIsEmbeddedAsData(_ payload: String) throws {
        let event = OutboxEvent(partitionKey: "k", type: "t", source: "/s", payload: Array(payload.utf8))
        let object = try decode(event)
        #expect(object["data"] != nil)
        #expect(object["data_base64"] == nil)
    }

    @Test func controlCharactersAndQuotesAreEscaped() throws {
        let event = OutboxEvent(partitionKey: "k\"\\\n\u{01}", type: "t\ttype", source: "/s", payload: [])
        let object = try decode(event)
        #expect(object["partitionkey"] as? String == "k\"\\\n\u{01}")
        #expect(object["type"] as? String == "t\ttype")
    }
}
