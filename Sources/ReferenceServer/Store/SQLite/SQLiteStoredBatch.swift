import Foundation
import GRDB
import OutboxKit

/// `observations.batch` without a second copy of the batch in the file.
///
/// The batch's rows are in `telemetry` already; copying them into the outbox doubled what an
/// ingest wrote, and the relay's claim and mark-sent rewrote the copy twice more. The outbox
/// entry therefore names the rows (``Reference``, under the ``marker`` header), and
/// ``Publisher`` writes the event's data from them — the same bytes
/// ``IngestPipeline/rawBatchPayload(_:header:)`` gives for the batch as received — just before
/// the relay publishes it.
enum SQLiteStoredBatch {
    /// The header that marks an outbox entry whose data is a ``Reference``; never published.
    static let marker = "mtc-stored-rows"

    /// What the outbox keeps for `observations.batch`.
    struct Reference: Codable, Equatable {
        var header: RawBatchHeader
        var firstRow: Int64
        var lastRow: Int64

        var rows: ClosedRange<Int64> { firstRow...lastRow }
    }

    private static let encoder = JSONEncoder()

    /// The outbox entry for a batch stored as telemetry rows `rows`.
    static func event(_ header: RawBatchHeader, rows: ClosedRange<Int64>) throws -> OutboxEvent {
        let reference = Reference(header: header, firstRow: rows.lowerBound, lastRow: rows.upperBound)
        return IngestPipeline.rawBatch(header, payload: Array(try encoder.encode(reference)), headers: [marker: "telemetry"])
    }

    /// Completes the events that are ``Reference``s before handing every event to `inner`.
    ///
    /// The rows are read in one read transaction for the whole batch, on a reader connection
    /// (never the writer). An entry whose rows are gone — its machine was deleted, or retention
    /// purged them before the relay got to it — fails permanently, naming the rows, and goes
    /// to dead letters; the other events of the batch are published as usual.
    struct Publisher: OutboxPublisher {
        let pool: DatabasePool
        let inner: any OutboxPublisher

        func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
            guard events.contains(where: { $0.headers[marker] != nil }) else { return await inner.publish(events) }
            let completed: [Result<OutboxEvent, OutboxPublishFailure>]
            do {
                completed = try await pool.read { db in try events.map { try Self.complete($0, in: db) } }
            } catch {
                // The file could not be read: a later pass tries again.
                let failure = OutboxPublishFailure("Could not read the stored rows of observations.batch: \(error)")
                return events.map { _ in .failed(failure) }
            }
            let ready = completed.compactMap { try? $0.get() }
            var delivered = await inner.publish(ready).makeIterator()
            return completed.map { result in
                switch result {
                case .success: delivered.next() ?? .failed(OutboxPublishFailure("The publisher returned fewer results than events."))
                case .failure(let failure): .failed(failure)
                }
            }
        }

        private static func complete(_ event: OutboxEvent, in db: Database) throws -> Result<OutboxEvent, OutboxPublishFailure> {
            guard event.headers[marker] != nil else { return .success(event) }
            guard let reference = try? JSONDecoder().decode(Reference.self, from: Data(event.payload)) else {
                return .failure(OutboxPublishFailure("The outbox entry of observations.batch \(event.id) is not a reference to stored rows.", isPermanent: true))
            }
            guard let observations = try SQLiteTelemetryStore.observations(
                rows: reference.rows, machineId: reference.header.machineId, in: db
            ) else {
                return .failure(OutboxPublishFailure(
                    "The telemetry rows \(reference.firstRow)–\(reference.lastRow) of observations.batch \(event.id) are no longer stored (the machine was deleted or retention purged them).",
                    isPermanent: true
                ))
            }
            var published = event
            published.payload = IngestPipeline.rawBatchPayload(observations, header: reference.header)
            published.headers[marker] = nil
            return .success(published)
        }
    }
}
