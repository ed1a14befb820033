import Crypto
import Foundation
import OutboxKit
import SQLiteNIO

/// Ext events (setups, generic events) with their outbox entries, written exactly once per id.
struct ExtEventStore: Sendable {
    let database: ServerDatabase
    let outbox: SQLiteOutboxStore

    struct Record: Sendable, Equatable {
        var id: ULID
        var tenantId: String
        var machineId: String
        var type: String
        var occurredAt: Int
        var receivedAt: Int
        var payload: [UInt8]
    }

    static let schemaVersion = 1

    /// Stores the event and queues it for publishing, unless an event with its id exists: then
    /// the stored one is returned untouched (a retry after a crash finds its own first write).
    func insertOnce(_ record: Record) async throws -> Record {
        try await database.write { connection in
            let existing = try await connection.run(
                "SELECT id, tenant_id, machine_id, type, occurred_at, received_at, payload FROM events WHERE id = ?",
                [.text(record.id.description)]
            )
            if let row = existing.first { return try Self.record(row) }
            try await connection.run(
                """
                INSERT INTO events (id, tenant_id, machine_id, type, occurred_at, received_at, schema_version, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(record.id.description), .text(record.tenantId), .text(record.machineId), .text(record.type),
                 .integer(record.occurredAt), .integer(record.receivedAt), .integer(Self.schemaVersion),
                 .text(String(decoding: record.payload, as: UTF8.self))]
            )
            let event = OutboxEvent(
                id: record.id,
                partitionKey: record.machineId,
                type: record.type,
                source: "/mtc-server/ext",
                subject: record.machineId,
                time: StoreTime.date(milliseconds: record.occurredAt),
                schemaVersion: Self.schemaVersion,
                payload: record.payload,
                headers: ["tenantid": record.tenantId]
            )
            try await outbox.append([event], in: connection)
            return record
        }
    }

    private static func record(_ row: SQLiteRow) throws -> Record {
        guard let idText = row.column("id")?.string, let id = ULID(idText),
              let tenant = row.column("tenant_id")?.string, let machine = row.column("machine_id")?.string,
              let type = row.column("type")?.string, let occurred = row.column("occurred_at")?.integer,
              let received = row.column("received_at")?.integer, let payload = row.column("payload")?.string
        else { throw ReferenceServerError.storage("An events row is incomplete: \(row)") }
        return Record(
            id: id, tenantId: tenant, machineId: machine, type: type, occurredAt: Int(occurred),
            receivedAt: Int(received), payload: Array(payload.utf8)
        )
    }
}

extension ULID {
    /// A ULID whose time is `time` and whose random part is derived from `seed`: the same
    /// (time, seed) always gives the same id.
    init(time: Date, seed: String) {
        let digest = Array(SHA256.hash(data: Data(seed.utf8)))
        let milliseconds = UInt64(max(0, StoreTime.milliseconds(time))) & 0xFFFF_FFFF_FFFF
        let high = (milliseconds << 16) | UInt64(digest[0]) << 8 | UInt64(digest[1])
        let low = digest[2..<10].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        self.init(high: high, low: low)
    }
}
