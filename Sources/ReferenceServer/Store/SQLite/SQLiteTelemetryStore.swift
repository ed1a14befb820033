import Foundation
import GRDB

/// Raw observations in the `telemetry` table, keyed by the machine's small integer key
/// (`machine_keys`) rather than its UUID.
struct SQLiteTelemetryStore: TelemetryStore {
    let pool: DatabasePool
    let writer: SQLiteGroupWriter

    private static let columns = "machine_key, data_item_id, ts, category, type, sub_type, name, sequence, value_number, value_text, condition, received_at"
    private static let columnCount = 12
    /// Rows per INSERT: a 100-sample batch is one statement, well under SQLite's parameter limit.
    private static let rowsPerStatement = 100

    /// Inserts `observations` with multi-row statements, prepared once per row count, and
    /// returns the ids of the rows, which are consecutive (one writer, `AUTOINCREMENT`).
    @discardableResult
    static func insert(
        _ observations: [ObservationInput], machineId: String, receivedAt: Date, in db: Database
    ) throws -> ClosedRange<Int64>? {
        // The machine was deleted after the request found it: nothing to store it under.
        guard let machineKey = try key(ofMachine: machineId, in: db) else { throw HTTPProblem.machineNotFound(machineId) }
        let received = StoreTime.microseconds(receivedAt)
        var rows: ClosedRange<Int64>?
        var encoder: JSONEncoder?
        var start = 0
        while start < observations.count {
            let chunk = observations[start..<min(start + rowsPerStatement, observations.count)]
            var values: [(any DatabaseValueConvertible)?] = []
            values.reserveCapacity(chunk.count * columnCount)
            for observation in chunk {
                var condition: String?
                if let value = observation.condition {
                    if encoder == nil {
                        encoder = JSONEncoder()
                        encoder?.outputFormatting = .sortedKeys
                    }
                    condition = String(decoding: try encoder!.encode(value), as: UTF8.self)
                }
                var number: Double?
                var text: String?
                switch observation.value {
                case .number(let value): number = value
                case .text(let value): text = value
                case nil: break
                }
                values += [
                    machineKey, observation.dataItemId, StoreTime.microseconds(observation.timestamp), observation.category,
                    observation.type, observation.subType, observation.name, observation.sequence,
                    number, text, condition, received,
                ]
            }
            let statement = try db.cachedStatement(sql: insertSQL(rows: chunk.count))
            statement.setUncheckedArguments(StatementArguments(values))
            try statement.execute()
            let last = db.lastInsertedRowID
            let first = last - Int64(chunk.count) + 1
            guard rows.map({ $0.upperBound + 1 == first }) ?? true else {
                throw ReferenceServerError.storage("Telemetry rows were not given consecutive ids (\(first) after \(rows!.upperBound)).")
            }
            rows = (rows?.lowerBound ?? first)...last
            start += rowsPerStatement
        }
        return rows
    }

    /// Rows by id range. `+machine_key`: found by the range, not by the machine's index, which
    /// SQLite would otherwise pick and scan through every row the machine has.
    static let rowsSQL = "SELECT id, \(columns) FROM telemetry WHERE id BETWEEN ? AND ? AND +machine_key = ? ORDER BY id"

    /// The observations of rows `ids` of `machineId`, in id order; `nil` unless every one of
    /// them is still stored.
    static func observations(rows ids: ClosedRange<Int64>, machineId: String, in db: Database) throws -> [ObservationInput]? {
        guard let machineKey = try key(ofMachine: machineId, in: db) else { return nil }
        var observations: [ObservationInput] = []
        observations.reserveCapacity(ids.count)
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: rowsSQL),
            arguments: [ids.lowerBound, ids.upperBound, machineKey]
        )
        while let row = try rows.next() {
            observations.append(try observation(row: row).observation)
        }
        return observations.count == ids.count ? observations : nil
    }

    /// The key of the machine's telemetry rows; `nil` once the machine is deleted.
    static func key(ofMachine machineId: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT key FROM machine_keys WHERE machine_id = ?"), arguments: [machineId])
    }

    private static func insertSQL(rows: Int) -> String {
        let placeholders = "(" + Array(repeating: "?", count: columnCount).joined(separator: ", ") + ")"
        return "INSERT INTO telemetry (\(columns)) VALUES " + Array(repeating: placeholders, count: rows).joined(separator: ", ")
    }

    func query(
        machineId: String, from: Date, to: Date, dataItems: [String], limit: Int, after cursor: PageCursor?
    ) async throws -> [StoredObservation] {
        var sql = "SELECT id, \(Self.columns) FROM telemetry WHERE machine_key = (SELECT key FROM machine_keys WHERE machine_id = ?) AND ts >= ? AND ts < ?"
        var arguments: [(any DatabaseValueConvertible)?] = [
            machineId, StoreTime.microseconds(from), StoreTime.microseconds(to),
        ]
        if !dataItems.isEmpty {
            sql += " AND data_item_id IN (" + Array(repeating: "?", count: dataItems.count).joined(separator: ", ") + ")"
            arguments += dataItems.map { $0 }
        }
        if let cursor, let rowId = Int(cursor.id) {
            sql += " AND (ts > ? OR (ts = ? AND id > ?))"
            arguments += [cursor.position, cursor.position, rowId]
        }
        sql += " ORDER BY ts, id LIMIT ?"
        arguments.append(limit)
        let query = sql
        let parameters = StatementArguments(arguments)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: query, arguments: parameters).map(Self.observation(row:))
        }
    }

    func purge(receivedBefore cutoff: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM telemetry WHERE received_at < ?", arguments: [StoreTime.microseconds(cutoff)])
            return db.changesCount
        }
    }

    /// One row of `SELECT id, \(columns)`, read by column index: GRDB's lookup by name
    /// lower-cases the name on every call, which was 5 % of the server's CPU when the relay
    /// read a batch's rows back.
    private static func observation(row: Row) throws -> StoredObservation {
        guard let id: Int = row[0], let dataItemId: String = row[2], let ts: Int = row[3],
              let category: String = row[4], let received: Int = row[12]
        else { throw ReferenceServerError.storage("A telemetry row is incomplete.") }
        var value: ObservationInput.Value?
        if let number: Double = row[9] {
            value = .number(number)
        } else if let text: String = row[10] {
            value = .text(text)
        }
        let condition = try (row[11] as String?).map {
            try JSONDecoder().decode(ObservationInput.Condition.self, from: Data($0.utf8))
        }
        let observation = ObservationInput(
            dataItemId: dataItemId, timestamp: StoreTime.date(microseconds: ts), category: category,
            type: row[5], subType: row[6], name: row[7], sequence: row[8],
            value: value, condition: condition
        )
        return StoredObservation(rowId: id, observation: observation, receivedAt: StoreTime.date(microseconds: received))
    }
}
