import Foundation
import Logging
import MongoKit
import OutboxKit
import _MTCSupport

/// An outbox store in a MongoDB collection, for servers that keep their data in MongoDB.
///
/// Events are appended with the caller's ``MongoKit/MongoSession`` inside a multi-document
/// transaction, so they commit or roll back with the data they describe. Relays claim
/// events with `findOneAndUpdate` under a lease; with
/// ``OutboxKit/BlockedHeadPolicy/holdKey`` the claim runs in a transaction of its own so that
/// two relays can never split one key's events between them. Transactions need a replica
/// set (a single-node one is enough) or a sharded cluster.
///
/// Call ``createIndexes()`` once at start-up.
public final class MongoOutboxStore: OutboxStore {
    /// The caller's session; it must be in a transaction when events are appended.
    public typealias Transaction = MongoSession

    /// The client the store runs on.
    public let client: MongoClient
    /// The collection holding the events.
    public let collection: MongoCollection
    private let logger: Logger

    /// A store in `collection` of `database`.
    public init(client: MongoClient, database: String, collection: String = "outbox", logger: Logger) {
        self.client = client
        self.collection = client.collection(collection, in: database)
        self.logger = logger
    }

    /// Creates the indexes the claim, purge and stats queries use. Idempotent.
    public func createIndexes() async throws {
        try await storeCall("create the outbox indexes") {
            try await self.collection.createIndexes(OutboxMongoQueries.indexes)
        }
    }

    public func append(_ events: [OutboxEvent], in session: MongoSession) async throws {
        guard session.client === client else {
            throw OutboxError(.unknownTransaction, "The session belongs to another MongoClient; start it from the client the store was made with.")
        }
        for event in events {
            try event.validate()
        }
        guard !events.isEmpty else { return }
        guard try await session.inTransaction else {
            throw OutboxError(.unknownTransaction, "Append in a transaction: call append inside MongoSession.withTransaction (or the store's withTransaction), or events could be published for writes that roll back.")
        }
        do {
            try await collection.insertMany(events.map(OutboxEventDocument.document(for:)), session: session)
        } catch let error as MongoError where error.kind == .duplicateKey {
            throw OutboxError.duplicateID(Self.duplicateID(in: error, events: events))
        } catch let error as MongoError where error.hasLabel(MongoError.transientTransactionLabel) {
            // Left as it is so that the surrounding withTransaction retries the transaction.
            throw error
        } catch let error as MongoError {
            throw OutboxError.storeFailure("append \(events.count) events", error)
        }
    }

    /// Runs `body` in a transaction in a new session and commits it. A transient error
    /// (a write conflict, a primary step-down) runs `body` again, so `body` must only
    /// write through the session.
    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (MongoSession) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction { session in
                do {
                    return try await body(session)
                } catch let error as MongoError where error.hasLabel(MongoError.transientTransactionLabel) {
                    throw error
                } catch {
                    throw BodyError(error: error)
                }
            }
        } catch let error as BodyError {
            throw error.error
        } catch let error as MongoError {
            throw OutboxError.storeFailure("run an outbox transaction", error)
        }
    }

    public func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        guard limit > 0 else {
            throw OutboxError.invalidArgument("claim limit must be positive, got \(limit)")
        }
        let update = OutboxMongoQueries.claimUpdate(owner: owner, leaseExpiresAt: now.addingTimeInterval(leaseDuration.timeInterval))
        let collection = self.collection
        let documents = try await storeCall("claim events") {
            guard policy == .holdKey else {
                // Each findOneAndUpdate is atomic on its document, which is all that
                // independent events need; no transaction, so no conflicts between relays.
                return try await Self.claimLoop(collection, filter: OutboxMongoQueries.claimable(now: now), update: update, limit: limit, session: nil)
            }
            // In one snapshot: a relay that claims a later event of a key has also tried
            // its earlier ones, so two relays racing for a key conflict on its head and one
            // of them retries, seeing the key held.
            return try await self.client.withTransaction { session in
                let blocked = try OutboxMongoQueries.blockedKeys(
                    from: try await collection.aggregate(OutboxMongoQueries.blockedKeysPipeline(now: now), session: session)
                )
                let filter = OutboxMongoQueries.claimFilter(now: now, blockedKeys: blocked)
                return try await Self.claimLoop(collection, filter: filter, update: update, limit: limit, session: session)
            }
        }
        return try documents.map(OutboxEventDocument.event(from:))
    }

    private static func claimLoop(
        _ collection: MongoCollection,
        filter: BSONDocument,
        update: BSONDocument,
        limit: Int,
        session: MongoSession?
    ) async throws -> [BSONDocument] {
        var claimed: [BSONDocument] = []
        let options = MongoFindOneAndUpdateOptions(sort: OutboxMongoQueries.idOrder, returnDocument: .after)
        while claimed.count < limit {
            guard let document = try await collection.findOneAndUpdate(filter: filter, update: update, options: options, session: session) else {
                break
            }
            claimed.append(document)
        }
        return claimed
    }

    public func markSent(_ ids: [ULID], owner: String, now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await storeCall("mark events sent") {
            try await self.collection.updateMany(
                filter: OutboxMongoQueries.leased(ids, by: owner),
                update: OutboxMongoQueries.markSentUpdate(now: now)
            ).matchedCount
        }
    }

    public func markFailed(
        _ id: ULID,
        owner: String,
        error: String,
        retryAt: Date,
        maxAttempts: Int,
        now: Date
    ) async throws -> OutboxEventStatus? {
        try await storeCall("record a failed attempt") {
            let dead = try await self.collection.updateOne(
                filter: OutboxMongoQueries.exhausted(id, owner: owner, maxAttempts: maxAttempts),
                update: OutboxMongoQueries.deadUpdate(error: error)
            )
            if dead.matchedCount == 1 { return .dead }
            let retry = try await self.collection.updateOne(
                filter: OutboxMongoQueries.retryable(id, owner: owner, maxAttempts: maxAttempts),
                update: OutboxMongoQueries.retryUpdate(error: error, retryAt: retryAt)
            )
            return retry.matchedCount == 1 ? .pending : nil
        }
    }

    public func markDead(_ id: ULID, owner: String, error: String, now: Date) async throws -> Bool {
        try await storeCall("move an event to dead letters") {
            try await self.collection.updateOne(
                filter: OutboxMongoQueries.leased(id, by: owner),
                update: OutboxMongoQueries.deadUpdate(error: error)
            ).matchedCount == 1
        }
    }

    public func release(_ ids: [ULID], owner: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await storeCall("release leases") {
            try await self.collection.updateMany(
                filter: OutboxMongoQueries.releaseFilter(ids, owner: owner),
                update: OutboxMongoQueries.releaseUpdate
            ).matchedCount
        }
    }

    public func event(_ id: ULID) async throws -> OutboxEvent? {
        let document = try await storeCall("read an event") {
            try await self.collection.findOne([OutboxEventDocument.Field.id: OutboxEventDocument.id(id)])
        }
        return try document.map(OutboxEventDocument.event(from:))
    }

    /// Runs a store operation, reporting database failures as ``OutboxKit/OutboxError``.
    func storeCall<Result: Sendable>(_ operation: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as MongoError {
            logger.debug("outbox store operation failed", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw OutboxError.storeFailure(operation, error)
        }
    }

    /// The id the server reported as duplicate: `writeErrors[0].index` names the event.
    static func duplicateID(in error: MongoError, events: [OutboxEvent]) -> ULID {
        if let index = error.reply?["writeErrors"]?.arrayValue?.first?.documentValue?["index"]?.int64Value,
           let position = Int(exactly: index), events.indices.contains(position) {
            return events[position].id
        }
        return events.first { error.message.contains($0.id.description) }?.id ?? events[0].id
    }
}

/// Carries an error of the caller's transaction body past the Mongo error handling.
private struct BodyError: Error {
    let error: any Error
}
