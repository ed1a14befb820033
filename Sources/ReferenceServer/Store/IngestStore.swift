import IdempotencyKit
import Foundation
import OutboxKit

/// The one way observations enter the store.
protocol IngestStore: Sendable {
    /// In one transaction: unless `idempotency`'s key has completed already, stores the
    /// observations, replaces the machine's derived state by what `derive` computes from the
    /// current one, appends the events it returns and the batch's `observations.batch` event,
    /// and records `respond`'s answer under the key.
    ///
    /// A backend may keep `observations.batch` in its outbox as a reference to the rows it has
    /// just stored instead of a second copy of them; its ``ServerBackend/publisher(over:)``
    /// then writes the event's data (``IngestPipeline/rawBatchPayload(_:header:)``) before it is
    /// published.
    func ingest(_ batch: IngestBatch) async throws -> IdempotentWriteOutcome<IngestResult>
}

struct IngestBatch: Sendable {
    var machine: MachineRecord
    var observations: [ObservationInput]
    var receivedAt: Date
    var idempotency: IdempotentWrite?
    /// Who sent the batch (`internal`, a source kind), for `observations.batch`.
    var source: String
    /// The new state and the events describing the change; runs inside the transaction, with
    /// the state as last committed (or as this transaction's earlier savepoints left it).
    var derive: @Sendable (MachineState) throws -> (state: MachineState, events: [OutboxEvent], changes: Int)
    var respond: @Sendable (IngestResult) throws -> IdempotentResponse
}

struct IngestResult: Sendable, Equatable {
    var accepted: Int
    var events: Int
}

/// What `observations.batch` says besides the observations themselves.
struct RawBatchHeader: Sendable, Equatable, Codable {
    var machineId: String
    var externalId: String
    var tenantId: String
    var source: String
    /// Microseconds since 1970, as the store keeps times.
    var receivedAt: Int

    init(machine: MachineRecord, source: String, receivedAt: Date) {
        machineId = machine.id
        externalId = machine.externalId
        tenantId = machine.tenantId
        self.source = source
        self.receivedAt = StoreTime.microseconds(receivedAt)
    }
}

extension IngestBatch {
    var rawHeader: RawBatchHeader { RawBatchHeader(machine: machine, source: source, receivedAt: receivedAt) }
}
