import IdempotencyKit
import Foundation
import OutboxKit

/// The one way observations enter the store.
protocol IngestStore: Sendable {
    /// In one transaction: unless `idempotency`'s key has completed already, stores the
    /// observations, replaces the machine's derived state by what `derive` computes from the
    /// current one, appends the events it returns, and records `respond`'s answer under the key.
    func ingest(_ batch: IngestBatch) async throws -> IdempotentWriteOutcome<IngestResult>
}

struct IngestBatch: Sendable {
    var machine: MachineRecord
    var observations: [ObservationInput]
    var receivedAt: Date
    var idempotency: IdempotentWrite?
    /// The new state and the events describing the change; runs inside the transaction, with
    /// the state as last committed (or as this transaction's earlier savepoints left it).
    var derive: @Sendable (MachineState) throws -> (state: MachineState, events: [OutboxEvent], changes: Int)
    var respond: @Sendable (IngestResult) throws -> IdempotentResponse
}

struct IngestResult: Sendable, Equatable {
    var accepted: Int
    var events: Int
}
