import GRDB
import Synchronization

/// Derived machine state in `machine_state`, with a write-through copy for the writer.
///
/// Ingest needs a machine's state for every batch; reading and re-parsing the row each time
/// was a third of a batch's cost. The writer keeps the committed state in memory: it is read
/// and replaced only inside writes (one writer, FIFO), and dropped whole when a transaction
/// fails to commit, so it never holds state the file does not.
final class SQLiteMachineStateStore: MachineStateStore {
    let pool: DatabasePool
    private let cache = Mutex<[String: MachineState]>([:])

    init(pool: DatabasePool) {
        self.pool = pool
    }

    func state(machineId: String) async throws -> MachineState {
        try await pool.read { db in try Self.load(machineId: machineId, in: db) }
    }

    /// The state as this transaction sees it; only from inside a write.
    func current(machineId: String, in db: Database) throws -> MachineState {
        if let cached = cache.withLock({ $0[machineId] }) { return cached }
        return try Self.load(machineId: machineId, in: db)
    }

    /// Saves `state` in this transaction and remembers it; only from inside a write, as its
    /// last step (a later failure in the same savepoint would leave the copy ahead).
    func save(_ state: MachineState, machineId: String, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO machine_state (machine_id, execution, part_count, cycle_started_at, last_cycle_time,
                measured_at, cycle_count, cycle_source, cycle_basis, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (machine_id) DO UPDATE SET execution = excluded.execution, part_count = excluded.part_count,
                cycle_started_at = excluded.cycle_started_at, last_cycle_time = excluded.last_cycle_time,
                measured_at = excluded.measured_at, cycle_count = excluded.cycle_count,
                cycle_source = excluded.cycle_source, cycle_basis = excluded.cycle_basis, updated_at = excluded.updated_at
            """).execute(arguments: [
                machineId, state.execution, state.partCount, state.cycleStartedAt, state.lastCycleTime,
                state.measuredAt, state.cycleCount, state.cycleSource, state.cycleBasis?.rawValue,
                StoreTime.nowMilliseconds(),
            ])
        cache.withLock { $0[machineId] = state }
    }

    /// Forgets the copy of one machine (its savepoint rolled back) or of all (a commit failed).
    func forget(machineId: String? = nil) {
        cache.withLock { cache in
            if let machineId { cache[machineId] = nil } else { cache.removeAll() }
        }
    }

    static func load(machineId: String, in db: Database) throws -> MachineState {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM machine_state WHERE machine_id = ?"), arguments: [machineId]
        ) else { return MachineState() }
        var state = MachineState()
        state.execution = row["execution"]
        state.partCount = row["part_count"]
        state.cycleStartedAt = row["cycle_started_at"]
        state.lastCycleTime = row["last_cycle_time"]
        state.measuredAt = row["measured_at"]
        state.cycleCount = row["cycle_count"] ?? 0
        state.cycleSource = row["cycle_source"]
        state.cycleBasis = (row["cycle_basis"] as String?).flatMap(CycleBasis.init(rawValue:))
        return state
    }
}
