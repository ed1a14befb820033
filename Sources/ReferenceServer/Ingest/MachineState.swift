import Foundation
import SQLiteNIO

/// What the server derives from a machine's observations and keeps in `machine_state`.
struct MachineState: Sendable, Equatable {
    var execution: String?
    var partCount: Int?
    /// Milliseconds; the last cycle boundary (part count increment or cycle signal edge).
    var cycleStartedAt: Int?
    var lastCycleTime: Double?
    /// Milliseconds; when the last measured cycle ended.
    var measuredAt: Int?
    var cycleCount: Int = 0
    var cycleSource: String?
    /// What marks this machine's cycle boundaries; the best one seen so far.
    var cycleBasis: CycleBasis?

    init() {}

    init(row: SQLiteRow) {
        execution = row.column("execution")?.string
        partCount = row.column("part_count").flatMap { $0.isNull ? nil : $0.integer.map { Int($0) } }
        cycleStartedAt = row.column("cycle_started_at").flatMap { $0.isNull ? nil : $0.integer.map { Int($0) } }
        lastCycleTime = row.column("last_cycle_time").flatMap { $0.isNull ? nil : $0.double }
        measuredAt = row.column("measured_at").flatMap { $0.isNull ? nil : $0.integer.map { Int($0) } }
        cycleCount = Int(row.column("cycle_count")?.integer ?? 0)
        cycleSource = row.column("cycle_source")?.string
        cycleBasis = row.column("cycle_basis")?.string.flatMap(CycleBasis.init(rawValue:))
    }

    static func load(machineId: String, on connection: SQLiteConnection) async throws -> MachineState {
        let rows = try await connection.run("SELECT * FROM machine_state WHERE machine_id = ?", [.text(machineId)])
        return rows.first.map(MachineState.init(row:)) ?? MachineState()
    }

    func save(machineId: String, on connection: SQLiteConnection) async throws {
        func int(_ value: Int?) -> SQLiteData { value.map { .integer($0) } ?? .null }
        try await connection.run(
            """
            INSERT INTO machine_state (machine_id, execution, part_count, cycle_started_at, last_cycle_time,
                measured_at, cycle_count, cycle_source, cycle_basis, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (machine_id) DO UPDATE SET execution = excluded.execution, part_count = excluded.part_count,
                cycle_started_at = excluded.cycle_started_at, last_cycle_time = excluded.last_cycle_time,
                measured_at = excluded.measured_at, cycle_count = excluded.cycle_count,
                cycle_source = excluded.cycle_source, cycle_basis = excluded.cycle_basis, updated_at = excluded.updated_at
            """,
            [.text(machineId), execution.map { .text($0) } ?? .null, int(partCount), int(cycleStartedAt),
             lastCycleTime.map { .float($0) } ?? .null, int(measuredAt), .integer(cycleCount),
             cycleSource.map { .text($0) } ?? .null, cycleBasis.map { .text($0.rawValue) } ?? .null,
             .integer(StoreTime.nowMilliseconds())]
        )
    }
}
