import Foundation
import GRDB
import IdempotencyKit
import _MTCSupport

/// The idempotency step every keyed write starts with, inside its transaction.
enum SQLiteIdempotency {
    /// The outcome when the key has completed already, `nil` when the write should run. An
    /// in-flight record (left by a process that died mid-request, or by another instance
    /// using the gate) does not hold the write back: with claim and completion in one
    /// transaction here, nothing this process wrote can be half done.
    static func completedOutcome<Value>(
        of write: IdempotentWrite, now: Date, in db: Database
    ) throws -> IdempotentWriteOutcome<Value>? {
        guard let record = try SQLiteIdempotencyStore.record(for: write.id, now: now, in: db),
              case .completed(let response) = record.state
        else { return nil }
        return record.fingerprint == write.fingerprint ? .replayed(response) : .keyReused
    }

    static func complete(_ write: IdempotentWrite, response: IdempotentResponse, now: Date, in db: Database) throws {
        try SQLiteIdempotencyStore.storeCompleted(
            write.id, fingerprint: write.fingerprint, response: response, now: now,
            expiresAt: now.adding(write.retention), in: db
        )
    }
}
