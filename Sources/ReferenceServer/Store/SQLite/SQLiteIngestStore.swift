import IdempotencyKit
import Foundation
import GRDB
import OutboxKit

/// Ingest in one savepoint of the group transaction: observations, derived state, outbox
/// events (`observations.batch` as a ``SQLiteStoredBatch`` reference) and the recorded answer.
struct SQLiteIngestStore: IngestStore {
    let writer: SQLiteGroupWriter
    let states: SQLiteMachineStateStore

    func ingest(_ batch: IngestBatch) async throws -> IdempotentWriteOutcome<IngestResult> {
        let states = self.states
        let machineId = batch.machine.id
        do {
            return try await writer.write { db in
                let now = Date()
                if let write = batch.idempotency,
                   let outcome: IdempotentWriteOutcome<IngestResult> = try SQLiteIdempotency.completedOutcome(of: write, now: now, in: db) {
                    return outcome
                }
                let rows = try SQLiteTelemetryStore.insert(batch.observations, machineId: machineId, receivedAt: batch.receivedAt, in: db)
                let derived = try batch.derive(try states.current(machineId: machineId, in: db))
                var events = derived.events
                if let rows { events.append(try SQLiteStoredBatch.event(batch.rawHeader, rows: rows)) }
                try SQLiteOutboxStore.append(events, in: db)
                let result = IngestResult(accepted: batch.observations.count, events: derived.changes)
                var response: IdempotentResponse?
                if let write = batch.idempotency {
                    let answer = try batch.respond(result)
                    try SQLiteIdempotency.complete(write, response: answer, now: now, in: db)
                    response = answer
                }
                try states.save(derived.state, machineId: machineId, in: db)
                return .written(result, response: response)
            }
        } catch {
            states.forget(machineId: machineId)
            throw error
        }
    }
}
