import Foundation
import MongoKit
import OutboxKit

extension MongoOutboxStore {
    public func listDead(limit: Int, after: ULID?) async throws -> [OutboxEvent] {
        guard limit > 0 else {
            throw OutboxError.invalidArgument("listDead limit must be positive, got \(limit)")
        }
        let documents = try await storeCall("list dead letters") {
            try await self.collection.find(
                OutboxMongoQueries.deadLetters(after: after),
                options: MongoFindOptions(sort: OutboxMongoQueries.idOrder, limit: limit)
            )
        }
        return try documents.map(OutboxEventDocument.event(from:))
    }

    public func retryDead(_ ids: [ULID], now: Date) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await storeCall("retry dead letters") {
            try await self.collection.updateMany(
                filter: OutboxMongoQueries.dead(ids),
                update: OutboxMongoQueries.retryDeadUpdate(now: now)
            ).matchedCount
        }
    }

    public func purgeDead(_ ids: [ULID]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await storeCall("purge dead letters") {
            try await self.collection.deleteMany(OutboxMongoQueries.dead(ids))
        }
    }

    public func purgeSent(before cutoff: Date) async throws -> Int {
        try await storeCall("purge sent events") {
            try await self.collection.deleteMany(OutboxMongoQueries.sentBefore(cutoff))
        }
    }

    public func stats() async throws -> OutboxStats {
        try await storeCall("read outbox stats") {
            let counts = try await self.collection.aggregate(OutboxMongoQueries.countByStatusPipeline)
            let oldest = try await self.collection.find(OutboxMongoQueries.unsent, options: OutboxMongoQueries.oldestUnsentOptions)
            return OutboxMongoQueries.stats(counts: counts, oldestUnsent: oldest.first)
        }
    }
}
