import Foundation
import MongoKit
import OutboxKit
import Testing
@testable import OutboxMongo

@Suite("Outbox events as MongoDB documents")
struct OutboxEventDocumentTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000.123)
    static let event = OutboxEvent(
        id: ULID("01J9Z8Y7X6W5V4T3S2R1Q0P9N8")!,
        partitionKey: "machine-ü-1",
        type: "machine.state.changed",
        source: "/plants/plant-1",
        subject: "spindle",
        time: time,
        dataContentType: "application/octet-stream",
        schemaVersion: 3,
        payload: [0, 1, 2, 0xFF, 0x7F, 0],
        headers: ["traceparent": "00-abc-def-01", "$weird.name": "x"]
    )

    @Test("a new event becomes exactly this document")
    func documentShape() throws {
        let document = OutboxEventDocument.document(for: Self.event)
        let expected: BSONDocument = [
            "_id": "01J9Z8Y7X6W5V4T3S2R1Q0P9N8",
            "partitionKey": "machine-ü-1",
            "type": "machine.state.changed",
            "source": "/plants/plant-1",
            "subject": "spindle",
            "time": .datetime(Date(timeIntervalSince1970: 1_800_000_000.123)),
            "dataContentType": "application/octet-stream",
            "schemaVersion": .int64(3),
            "payload": .binary(BSONBinary(data: Data([0, 1, 2, 0xFF, 0x7F, 0]))),
            "headers": [["name": "$weird.name", "value": "x"], ["name": "traceparent", "value": "00-abc-def-01"]],
            "attempts": .int64(0),
            "nextAttemptAt": .datetime(Date(timeIntervalSince1970: 0)),
            "status": "pending",
        ]
        #expect(document == expected)
        // The same document after libbson has serialized it: nothing lost on the wire.
        #expect(try BSONDocument(bytes: document.bytes()) == expected)
    }

    @Test("every field survives the round trip through libbson, including delivery state")
    func roundTrip() throws {
        var event = Self.event
        event.attempts = 4
        event.status = .inFlight
        event.leaseOwner = "relay-a"
        event.leaseExpiresAt = Self.time.addingTimeInterval(30)
        event.nextAttemptAt = Self.time.addingTimeInterval(-1)
        event.lastError = "broker down"
        event.sentAt = nil
        var document = OutboxEventDocument.document(for: event)
        document["attempts"] = .int64(4)
        document["status"] = "in_flight"
        document["leaseOwner"] = "relay-a"
        document["leaseExpiresAt"] = OutboxEventDocument.date(Self.time.addingTimeInterval(30))
        document["nextAttemptAt"] = OutboxEventDocument.date(Self.time.addingTimeInterval(-1))
        document["lastError"] = "broker down"
        let decoded = try OutboxEventDocument.event(from: BSONDocument(bytes: document.bytes()))
        #expect(decoded == event)
    }

    @Test("an empty payload, no subject and no headers read back empty")
    func emptyFields() throws {
        let event = OutboxEvent(partitionKey: "k", type: "t", source: "/s", time: Self.time, payload: [])
        let document = OutboxEventDocument.document(for: event)
        #expect(document["subject"] == nil)
        let decoded = try OutboxEventDocument.event(from: BSONDocument(bytes: document.bytes()))
        #expect(decoded == event)
        #expect(decoded.payload.isEmpty && decoded.headers.isEmpty && decoded.subject == nil)
    }

    static let corruptions: [(String, @Sendable (inout BSONDocument) -> Void)] = [
        ("id not a ULID", { $0["_id"] = "not-a-ulid" }),
        ("id an ObjectId", { $0["_id"] = .objectId(ObjectId()) }),
        ("missing type", { $0["type"] = nil }),
        ("unknown status", { $0["status"] = "lost" }),
        ("time as string", { $0["time"] = "yesterday" }),
        ("payload as string", { $0["payload"] = "bytes" }),
        ("header without value", { $0["headers"] = [["name": "a"]] }),
        ("lease owner as number", { $0["leaseOwner"] = 5 }),
        ("attempts as string", { $0["attempts"] = "many" }),
    ]

    @Test("a document edited by hand is reported as corruptRow", arguments: corruptions)
    func corrupt(name: String, edit: @Sendable (inout BSONDocument) -> Void) {
        var document = OutboxEventDocument.document(for: Self.event)
        edit(&document)
        #expect(name.isEmpty == false)
        do {
            _ = try OutboxEventDocument.event(from: document)
            Issue.record("\(name) was read")
        } catch let error as OutboxError {
            #expect(error.code == .corruptRow, "\(name)")
        } catch {
            Issue.record("\(name): unexpected \(error)")
        }
    }
}
