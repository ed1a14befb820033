import Foundation
import SQLiteNIO

/// Raw observations: written inside the ingest transaction, read by time range with a cursor.
struct TelemetryStore: Sendable {
    let database: ServerDatabase

    private static let columns = "machine_id, data_item_id, ts, category, type, sub_type, name, sequence, value_number, value_text, condition, received_at"
    private static let columnCount = 12
    /// Rows per INSERT: well under SQLite's bound-parameter limit.
    private static let rowsPerStatement = 200

    static func insert(
        _ observations: [ObservationInput],
        machineId: String,
        receivedAt: Date,
        on connection: SQLiteConnection
    ) async throws {
        let received = SQLiteData.integer(StoreTime.milliseconds(receivedAt))
        let placeholders = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var start = 0
        while start < observations.count {
            let chunk = observations[start..<min(start + rowsPerStatement, observations.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columnCount)
            for observation in chunk {
                let condition = try observation.condition.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
                let number: SQLiteData = if case .number(let value) = observation.value { .float(value) } else { .null }
                let text: SQLiteData = if case .text(let value) = observation.value { .text(value) } else { .null }
                binds += [
                    .text(machineId), .text(observation.dataItemId), .integer(StoreTime.microseconds(observation.timestamp)),
                    .text(observation.category), optional(observation.type), optional(observation.subType),
                    optional(observation.name), observation.sequence.map { .integer(Int($0)) } ?? .null,
                    number, text, optional(condition), received,
                ]
            }
            let values = Array(repeating: placeholders, count: chunk.count).joined(separator: ", ")
            try await connection.run("INSERT INTO telemetry (\(columns)) VALUES \(values)", binds)
            start += rowsPerStatement
        }
    }

    /// Observations of `machineId` with `from <= timestamp < to`, ordered by (timestamp, row), after `cursor`.
    func query(
        machineId: String,
        from: Date,
        to: Date,
        dataItems: [String],
        limit: Int,
        after cursor: PageCursor?
    ) async throws -> [StoredObservation] {
        var sql = "SELECT id, \(Self.columns) FROM telemetry WHERE machine_id = ? AND ts >= ? AND ts < ?"
        var binds: [SQLiteData] = [
            .text(machineId), .integer(StoreTime.microseconds(from)), .integer(StoreTime.microseconds(to)),
        ]
        if !dataItems.isEmpty {
            sql += " AND data_item_id IN (" + Array(repeating: "?", count: dataItems.count).joined(separator: ", ") + ")"
            binds += dataItems.map { .text($0) }
        }
        if let cursor, let rowId = Int(cursor.id) {
            sql += " AND (ts > ? OR (ts = ? AND id > ?))"
            binds += [.integer(cursor.position), .integer(cursor.position), .integer(rowId)]
        }
        sql += " ORDER BY ts, id LIMIT ?"
        binds.append(.integer(limit))
        let query = sql
        let parameters = binds
        let rows = try await database.read { try await $0.run(query, parameters) }
        return try rows.map(Self.observation(row:))
    }

    /// Deletes observations received before `cutoff`. Returns how many.
    func purge(receivedBefore cutoff: Date) async throws -> Int {
        try await database.write { connection in
            let rows = try await connection.run(
                "DELETE FROM telemetry WHERE received_at < ? RETURNING id",
                [.integer(StoreTime.milliseconds(cutoff))]
            )
            return rows.count
        }
    }

    private static func optional(_ text: String?) -> SQLiteData { text.map { .text($0) } ?? .null }

    private static func observation(row: SQLiteRow) throws -> StoredObservation {
        guard let id = row.column("id")?.integer,
              let dataItemId = row.column("data_item_id")?.string,
              let ts = row.column("ts")?.integer,
              let category = row.column("category")?.string,
              let received = row.column("received_at")?.integer
        else {
            throw ReferenceServerError.storage("A telemetry row is incomplete: \(row)")
        }
        var value: ObservationInput.Value?
        if let number = row.column("value_number"), !number.isNull, let double = number.double {
            value = .number(double)
        } else if let text = row.column("value_text")?.string {
            value = .text(text)
        }
        let condition = try row.column("condition")?.string.map {
            try JSONDecoder().decode(ObservationInput.Condition.self, from: Data($0.utf8))
        }
        let observation = ObservationInput(
            dataItemId: dataItemId,
            timestamp: StoreTime.date(microseconds: Int(ts)),
            category: category,
            type: row.column("type")?.string,
            subType: row.column("sub_type")?.string,
            name: row.column("name")?.string,
            sequence: row.column("sequence").flatMap { $0.isNull ? nil : $0.integer.map(Int64.init) },
            value: value,
            condition: condition
        )
        return StoredObservation(rowId: Int(id), observation: observation, receivedAt: StoreTime.date(milliseconds: Int(received)))
    }
}
