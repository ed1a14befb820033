import Foundation
import MongoKit
import OutboxKit

/// Every filter, update, sort and pipeline the Mongo outbox store sends, as pure functions
/// of their inputs so that tests can check them without a server.
enum OutboxMongoQueries {
    typealias Field = OutboxEventDocument.Field

    static let pending = OutboxEventDocument.status(.pending)
    static let inFlight = OutboxEventDocument.status(.inFlight)
    static let sent = OutboxEventDocument.status(.sent)
    static let dead = OutboxEventDocument.status(.dead)

    /// Claims take events oldest first; ULID text sorts like the ULID.
    static let idOrder: BSONDocument = [Field.id: 1]

    // MARK: Claim

    /// Pending and due, or in flight with an expired lease (its relay died).
    static func claimable(now: Date) -> BSONDocument {
        let now = OutboxEventDocument.date(now)
        return ["$or": [
            [Field.status: pending, Field.nextAttemptAt: ["$lte": now]],
            [Field.status: inFlight, Field.leaseExpiresAt: ["$lte": now]],
        ]]
    }

    /// Unsent events that cannot be claimed now: pending in backoff, or leased. With
    /// ``OutboxKit/BlockedHeadPolicy/holdKey`` each such event holds back the later events of
    /// its key.
    static func notClaimable(now: Date) -> BSONDocument {
        let now = OutboxEventDocument.date(now)
        return ["$or": [
            [Field.status: pending, Field.nextAttemptAt: ["$gt": now]],
            [Field.status: inFlight, Field.leaseExpiresAt: ["$gt": now]],
        ]]
    }

    /// Per partition key, the smallest id that is not claimable: the point from which the
    /// key is held back.
    static func blockedKeysPipeline(now: Date) -> [BSONDocument] {
        [
            ["$match": .document(notClaimable(now: now))],
            ["$group": ["_id": .string("$" + Field.partitionKey), "from": ["$min": .string("$" + Field.id)]]],
        ]
    }

    /// Reads the pipeline's output: partition key → first blocked id.
    static func blockedKeys(from results: [BSONDocument]) throws -> [String: String] {
        var keys: [String: String] = [:]
        for result in results {
            guard let key = result["_id"]?.stringValue, let from = result["from"]?.stringValue else {
                throw OutboxError(.corruptRow, "An outbox document has a partition key or _id that is not a string: \(result)")
            }
            keys[key] = from
        }
        return keys
    }

    /// The filter of each claiming findOneAndUpdate: claimable, and not behind a blocked
    /// head of its key.
    static func claimFilter(now: Date, blockedKeys: [String: String]) -> BSONDocument {
        var filter = claimable(now: now)
        if !blockedKeys.isEmpty {
            filter["$nor"] = .array(blockedKeys.sorted { $0.key < $1.key }.map { key, from in
                [Field.partitionKey: .string(key), Field.id: ["$gt": .string(from)]]
            })
        }
        return filter
    }

    /// Leases the event and counts the attempt.
    static func claimUpdate(owner: String, leaseExpiresAt: Date) -> BSONDocument {
        [
            "$set": [
                Field.status: inFlight,
                Field.leaseOwner: .string(owner),
                Field.leaseExpiresAt: OutboxEventDocument.date(leaseExpiresAt),
            ],
            "$inc": [Field.attempts: 1],
        ]
    }

    // MARK: Settle

    /// Only events still leased by `owner`: a relay that lost its lease settles nothing.
    static func leased(_ ids: [ULID], by owner: String) -> BSONDocument {
        [Field.id: ["$in": .array(ids.map(OutboxEventDocument.id))], Field.status: inFlight, Field.leaseOwner: .string(owner)]
    }

    static func leased(_ id: ULID, by owner: String) -> BSONDocument {
        [Field.id: OutboxEventDocument.id(id), Field.status: inFlight, Field.leaseOwner: .string(owner)]
    }

    static let clearLease: BSONDocument = [Field.leaseOwner: "", Field.leaseExpiresAt: ""]

    static func markSentUpdate(now: Date) -> BSONDocument {
        ["$set": [Field.status: sent, Field.sentAt: OutboxEventDocument.date(now)], "$unset": .document(clearLease)]
    }

    /// markFailed is two conditional updates so that each stays a plain atomic update:
    /// the one for an event that has used up its attempts…
    static func exhausted(_ id: ULID, owner: String, maxAttempts: Int) -> BSONDocument {
        var filter = leased(id, by: owner)
        filter[Field.attempts] = ["$gte": .int64(Int64(maxAttempts))]
        return filter
    }

    /// …and the one for an event that may try again.
    static func retryable(_ id: ULID, owner: String, maxAttempts: Int) -> BSONDocument {
        var filter = leased(id, by: owner)
        filter[Field.attempts] = ["$lt": .int64(Int64(maxAttempts))]
        return filter
    }

    static func deadUpdate(error: String) -> BSONDocument {
        ["$set": [Field.status: dead, Field.lastError: .string(error)], "$unset": .document(clearLease)]
    }

    static func retryUpdate(error: String, retryAt: Date) -> BSONDocument {
        [
            "$set": [Field.status: pending, Field.lastError: .string(error), Field.nextAttemptAt: OutboxEventDocument.date(retryAt)],
            "$unset": .document(clearLease),
        ]
    }

    /// A released event was claimed but never attempted, so its attempt is taken back. A
    /// claimed event has at least one attempt; the guard keeps the count from going negative.
    static func releaseFilter(_ ids: [ULID], owner: String) -> BSONDocument {
        var filter = leased(ids, by: owner)
        filter[Field.attempts] = ["$gte": 1]
        return filter
    }

    static let releaseUpdate: BSONDocument = [
        "$set": [Field.status: pending],
        "$inc": [Field.attempts: -1],
        "$unset": .document(clearLease),
    ]

    // MARK: Dead letters, purging, stats

    static func deadLetters(after: ULID?) -> BSONDocument {
        var filter: BSONDocument = [Field.status: dead]
        if let after {
            filter[Field.id] = ["$gt": OutboxEventDocument.id(after)]
        }
        return filter
    }

    static func dead(_ ids: [ULID]) -> BSONDocument {
        [Field.id: ["$in": .array(ids.map(OutboxEventDocument.id))], Field.status: dead]
    }

    static func retryDeadUpdate(now: Date) -> BSONDocument {
        ["$set": [Field.status: pending, Field.attempts: 0, Field.nextAttemptAt: OutboxEventDocument.date(now)]]
    }

    static func sentBefore(_ cutoff: Date) -> BSONDocument {
        [Field.status: sent, Field.sentAt: ["$lt": OutboxEventDocument.date(cutoff)]]
    }

    static let countByStatusPipeline: [BSONDocument] = [
        ["$group": ["_id": .string("$" + Field.status), "count": ["$sum": 1]]],
    ]

    static let unsent: BSONDocument = [Field.status: ["$in": [pending, inFlight]]]

    static let oldestUnsentOptions = MongoFindOptions(sort: [Field.time: 1], limit: 1, projection: [Field.time: 1])

    /// The stats from the count pipeline's output and the oldest unsent document.
    static func stats(counts: [BSONDocument], oldestUnsent: BSONDocument?) -> OutboxStats {
        var stats = OutboxStats()
        for row in counts {
            let count = Int(row["count"]?.int64Value ?? 0)
            switch row["_id"]?.stringValue.flatMap(OutboxEventStatus.init(rawValue:)) {
            case .pending?: stats.pending = count
            case .inFlight?: stats.inFlight = count
            case .sent?: stats.sent = count
            case .dead?: stats.dead = count
            case nil: break
            }
        }
        stats.oldestUnsentTime = oldestUnsent?[Field.time]?.dateValue
        return stats
    }

    // MARK: Indexes

    /// The indexes the store's queries need; created by ``MongoOutboxStore/createIndexes()``.
    static let indexes: [MongoIndex] = [
        // Claims (status + due time, sorted by id) and dead-letter paging.
        MongoIndex(keys: [Field.status: 1, Field.id: 1], name: "outbox_status_id"),
        // The held-back scan of a key, and per-key order.
        MongoIndex(keys: [Field.partitionKey: 1, Field.id: 1], name: "outbox_key_id"),
        // Retention purge of sent events.
        MongoIndex(keys: [Field.status: 1, Field.sentAt: 1], name: "outbox_status_sentAt"),
        // Lag: the oldest unsent event.
        MongoIndex(keys: [Field.status: 1, Field.time: 1], name: "outbox_status_time"),
    ]
}
