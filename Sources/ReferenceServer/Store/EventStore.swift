import IdempotencyKit
import Foundation
import OutboxKit

/// Ext events (setups, generic events), each stored once with its outbox entry.
protocol EventStore: Sendable {
    /// In one transaction: unless `idempotency`'s key has completed already, stores the event
    /// (or finds it, when an event with its id exists), appends `outbox`, and records the answer
    /// `respond` gives for the stored event under the key.
    func record(
        _ event: ExtEventRecord,
        outbox: OutboxEvent,
        idempotency: IdempotentWrite,
        respond: @escaping @Sendable (ExtEventRecord) throws -> IdempotentResponse
    ) async throws -> IdempotentWriteOutcome<ExtEventRecord>
}

/// An ext event as stored. Times are microseconds since 1970.
struct ExtEventRecord: Sendable, Equatable {
    var id: ULID
    var tenantId: String
    var machineId: String
    var type: String
    var occurredAt: Int
    var receivedAt: Int
    var payload: [UInt8]
}
