import Foundation
import MongoKit
import OutboxKit
import Testing
@testable import OutboxMongo

@Suite("The filters, updates and commands the Mongo outbox store sends")
struct OutboxMongoQueriesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000.5)
    static let nowBSON = BSON.datetime(Date(timeIntervalSince1970: 1_800_000_000.5))
    static let a = ULID("01J9Z8Y7X6W5V4T3S2R1Q0P9N8")!
    static let b = ULID("01J9Z8Y7X6W5V4T3S2R1Q0P9N9")!

    @Test("a claim without held keys takes due pending events and expired leases")
    func claimFilter() throws {
        let expected: BSONDocument = ["$or": [
            ["status": "pending", "nextAttemptAt": ["$lte": Self.nowBSON]],
            ["status": "in_flight", "leaseExpiresAt": ["$lte": Self.nowBSON]],
        ]]
        #expect(OutboxMongoQueries.claimFilter(now: Self.now, blockedKeys: [:]) == expected)
        #expect(OutboxMongoQueries.claimable(now: Self.now) == expected)
        #expect(try BSONDocument(bytes: expected.bytes()) == expected)
    }

    @Test("a held key excludes only its events after the blocked head, in key order")
    func claimFilterWithHeldKeys() {
        let filter = OutboxMongoQueries.claimFilter(now: Self.now, blockedKeys: ["m2": "01J000000000000000000000B2", "m1": "01J000000000000000000000A1"])
        #expect(filter.keys == ["$or", "$nor"])
        #expect(filter["$nor"] == [
            ["partitionKey": "m1", "_id": ["$gt": "01J000000000000000000000A1"]],
            ["partitionKey": "m2", "_id": ["$gt": "01J000000000000000000000B2"]],
        ])
    }

    @Test("held keys are found by grouping the events that cannot be claimed now")
    func blockedKeysPipeline() throws {
        let pipeline = OutboxMongoQueries.blockedKeysPipeline(now: Self.now)
        #expect(pipeline == [
            ["$match": ["$or": [
                ["status": "pending", "nextAttemptAt": ["$gt": Self.nowBSON]],
                ["status": "in_flight", "leaseExpiresAt": ["$gt": Self.nowBSON]],
            ]]],
            ["$group": ["_id": "$partitionKey", "from": ["$min": "$_id"]]],
        ])
        let keys = try OutboxMongoQueries.blockedKeys(from: [["_id": "m1", "from": "X"], ["_id": "m2", "from": "Y"]])
        #expect(keys == ["m1": "X", "m2": "Y"])
        #expect(throws: OutboxError.self) { try OutboxMongoQueries.blockedKeys(from: [["_id": 5, "from": "X"]]) }
    }

    @Test("claiming leases the event and counts the attempt; claims go oldest first")
    func claimUpdate() {
        let update = OutboxMongoQueries.claimUpdate(owner: "relay-a", leaseExpiresAt: Self.now.addingTimeInterval(30))
        #expect(update == [
            "$set": ["status": "in_flight", "leaseOwner": "relay-a", "leaseExpiresAt": .datetime(Date(timeIntervalSince1970: 1_800_000_030.5))],
            "$inc": ["attempts": 1],
        ])
        #expect(OutboxMongoQueries.idOrder == ["_id": 1])
    }

    @Test("settling only touches events still leased by the owner")
    func settling() {
        #expect(OutboxMongoQueries.leased([Self.a, Self.b], by: "relay-a") == [
            "_id": ["$in": [.string(Self.a.description), .string(Self.b.description)]],
            "status": "in_flight",
            "leaseOwner": "relay-a",
        ])
        #expect(OutboxMongoQueries.markSentUpdate(now: Self.now) == [
            "$set": ["status": "sent", "sentAt": Self.nowBSON],
            "$unset": ["leaseOwner": "", "leaseExpiresAt": ""],
        ])
        #expect(OutboxMongoQueries.exhausted(Self.a, owner: "r", maxAttempts: 5) == [
            "_id": .string(Self.a.description), "status": "in_flight", "leaseOwner": "r", "attempts": ["$gte": 5],
        ])
        #expect(OutboxMongoQueries.retryable(Self.a, owner: "r", maxAttempts: 5) == [
            "_id": .string(Self.a.description), "status": "in_flight", "leaseOwner": "r", "attempts": ["$lt": 5],
        ])
        #expect(OutboxMongoQueries.deadUpdate(error: "boom") == [
            "$set": ["status": "dead", "lastError": "boom"],
            "$unset": ["leaseOwner": "", "leaseExpiresAt": ""],
        ])
        #expect(OutboxMongoQueries.retryUpdate(error: "boom", retryAt: Self.now) == [
            "$set": ["status": "pending", "lastError": "boom", "nextAttemptAt": Self.nowBSON],
            "$unset": ["leaseOwner": "", "leaseExpiresAt": ""],
        ])
    }

    @Test("releasing takes back the attempt without going below zero")
    func release() {
        #expect(OutboxMongoQueries.releaseFilter([Self.a], owner: "r") == [
            "_id": ["$in": [.string(Self.a.description)]], "status": "in_flight", "leaseOwner": "r", "attempts": ["$gte": 1],
        ])
        #expect(OutboxMongoQueries.releaseUpdate == [
            "$set": ["status": "pending"],
            "$inc": ["attempts": -1],
            "$unset": ["leaseOwner": "", "leaseExpiresAt": ""],
        ])
    }

    @Test("dead letters page by id and retry with a fresh attempt count")
    func deadLetters() {
        #expect(OutboxMongoQueries.deadLetters(after: nil) == ["status": "dead"])
        #expect(OutboxMongoQueries.deadLetters(after: Self.a) == ["status": "dead", "_id": ["$gt": .string(Self.a.description)]])
        #expect(OutboxMongoQueries.dead([Self.a]) == ["_id": ["$in": [.string(Self.a.description)]], "status": "dead"])
        #expect(OutboxMongoQueries.retryDeadUpdate(now: Self.now) == ["$set": ["status": "pending", "attempts": 0, "nextAttemptAt": Self.nowBSON]])
        #expect(OutboxMongoQueries.sentBefore(Self.now) == ["status": "sent", "sentAt": ["$lt": Self.nowBSON]])
    }

    @Test("times are truncated to the millisecond like every store")
    func millisecondTruncation() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123_9)
        #expect(OutboxEventDocument.date(date) == .datetime(Date(timeIntervalSince1970: 1_800_000_000.123)))
    }

    @Test("stats are read from the status counts and the oldest unsent time")
    func stats() {
        let stats = OutboxMongoQueries.stats(
            counts: [["_id": "pending", "count": .int32(3)], ["_id": "in_flight", "count": .int64(2)], ["_id": "dead", "count": 1], ["_id": "sent", "count": 7]],
            oldestUnsent: ["_id": "x", "time": Self.nowBSON]
        )
        #expect(stats == OutboxStats(pending: 3, inFlight: 2, sent: 7, dead: 1, oldestUnsentTime: Self.now))
        #expect(OutboxMongoQueries.stats(counts: [], oldestUnsent: nil) == OutboxStats())
        #expect(OutboxMongoQueries.countByStatusPipeline == [["$group": ["_id": "$status", "count": ["$sum": 1]]]])
        #expect(OutboxMongoQueries.unsent == ["status": ["$in": ["pending", "in_flight"]]])
        #expect(OutboxMongoQueries.oldestUnsentOptions.document == ["sort": ["time": 1], "limit": 1, "projection": ["time": 1]])
    }

    @Test("the createIndexes command covers the claim, key, purge and lag queries")
    func indexes() {
        let command = MongoIndex.createIndexesCommand(collection: "outbox", indexes: OutboxMongoQueries.indexes)
        #expect(command == [
            "createIndexes": "outbox",
            "indexes": [
                ["key": ["status": 1, "_id": 1], "name": "outbox_status_id"],
                ["key": ["partitionKey": 1, "_id": 1], "name": "outbox_key_id"],
                ["key": ["status": 1, "sentAt": 1], "name": "outbox_status_sentAt"],
                ["key": ["status": 1, "time": 1], "name": "outbox_status_time"],
            ],
        ])
    }

    @Test("a duplicate key error names the event the server reported")
    func duplicateID() {
        let events = [Self.a, Self.b].map { OutboxEvent(id: $0, partitionKey: "k", type: "t", source: "/s", payload: []) }
        let reported = MongoError(kind: .duplicateKey, domain: 17, code: 11000, message: "E11000", reply: ["writeErrors": [["index": .int32(1), "code": .int32(11000)]]])
        #expect(MongoOutboxStore.duplicateID(in: reported, events: events) == Self.b)
        let inMessage = MongoError(kind: .duplicateKey, code: 11000, message: "E11000 dup key: { _id: \"\(Self.b)\" }")
        #expect(MongoOutboxStore.duplicateID(in: inMessage, events: events) == Self.b)
    }
}
