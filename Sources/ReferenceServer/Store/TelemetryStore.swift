import Foundation

/// Raw observations, written by ``IngestStore`` and read by time range with a cursor.
protocol TelemetryStore: Sendable {
    /// Observations of `machineId` with `from <= timestamp < to`, ordered by (timestamp, row), after `cursor`.
    func query(
        machineId: String, from: Date, to: Date, dataItems: [String], limit: Int, after cursor: PageCursor?
    ) async throws -> [StoredObservation]

    /// Deletes observations received before `cutoff`. Returns how many.
    func purge(receivedBefore cutoff: Date) async throws -> Int
}

/// What the server derives per machine (execution, part count, cycle time).
protocol MachineStateStore: Sendable {
    /// The machine's current derived state (empty for a machine that sent nothing yet).
    func state(machineId: String) async throws -> MachineState
}
