import IdempotencyKit
import Foundation
import GRDB
import OutboxKit

/// Ext events in `events`, each with its outbox entry and recorded answer in one savepoint.
struct SQLiteEventStore: EventStore {
    let writer: SQLiteGroupWriter

    func record(
        _ event: ExtEventRecord,
        outbox: OutboxEvent,
        idempotency: IdempotentWrite,
        respond: @escaping @Sendable (ExtEventRecord) throws -> IdempotentResponse
    ) async throws -> IdempotentWriteOutcome<ExtEventRecord> {
        // The answer for a new event is made here, off the one writer; only a retry that
        // finds its first event makes another inside.
        let answer = try respond(event)
        return try await writer.write { db in
            let now = Date()
            if let outcome: IdempotentWriteOutcome<ExtEventRecord> = try SQLiteIdempotency.completedOutcome(of: idempotency, now: now, in: db) {
                return outcome
            }
            // The id is derived from the key: a record the idempotency store forgot (expired,
            // or kept elsewhere) still finds its event, and the answer names the first write.
            var stored = event
            if let existing = try Self.event(id: event.id, in: db) {
                stored = existing
            } else {
                try db.cachedStatement(sql: """
                    INSERT INTO events (id, tenant_id, machine_id, type, occurred_at, received_at, schema_version, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [
                        event.id.description, event.tenantId, event.machineId, event.type, event.occurredAt,
                        event.receivedAt, EventJSON.schemaVersion, String(decoding: event.payload, as: UTF8.self),
                    ])
                try SQLiteOutboxStore.append([outbox], in: db)
            }
            let response = stored == event ? answer : try respond(stored)
            try SQLiteIdempotency.complete(idempotency, response: response, now: now, in: db)
            return .written(stored, response: response)
        }
    }

    static func event(id: ULID, in db: Database) throws -> ExtEventRecord? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT tenant_id, machine_id, type, occurred_at, received_at, payload FROM events WHERE id = ?"),
            arguments: [id.description]
        ) else { return nil }
        guard let tenant: String = row["tenant_id"], let machine: String = row["machine_id"], let type: String = row["type"],
              let occurred: Int = row["occurred_at"], let received: Int = row["received_at"], let payload: String = row["payload"]
        else { throw ReferenceServerError.storage("The events row \(id) is incomplete.") }
        return ExtEventRecord(
            id: id, tenantId: tenant, machineId: machine, type: type, occurredAt: occurred, receivedAt: received,
            payload: Array(payload.utf8)
        )
    }
}
