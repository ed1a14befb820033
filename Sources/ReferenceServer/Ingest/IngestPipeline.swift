import Foundation
import Logging
import OutboxKit
import SQLiteNIO

/// The one way observations enter the store, for `/internal` and the in-process sources alike.
///
/// In ONE transaction it stores the observations, updates the machine's derived state
/// (execution, part count, cycle time) and appends the outbox events describing the changes,
/// plus one raw batch event for the `raw_data` topic. Either all of it is committed or none.
struct IngestPipeline: Sendable {
    let database: ServerDatabase
    let outbox: SQLiteOutboxStore
    let metrics: ServerMetrics
    let logger: Logger

    struct Result: Sendable, Equatable {
        var accepted: Int
        var events: Int
    }

    static let schemaVersion = 1
    static let eventSource = "/mtc-server/ingest"

    func ingest(_ observations: [ObservationInput], machine: MachineRecord, source: String) async throws -> Result {
        guard !observations.isEmpty else { return Result(accepted: 0, events: 0) }
        let receivedAt = Date()
        let result = try await database.write { connection in
            try await TelemetryStore.insert(observations, machineId: machine.id, receivedAt: receivedAt, on: connection)
            var tracker = StateTracker(state: try await MachineState.load(machineId: machine.id, on: connection), source: source)
            tracker.apply(observations)
            try await tracker.state.save(machineId: machine.id, on: connection)
            var events = try tracker.changes.map { try Self.event(for: $0, machine: machine) }
            events.append(try Self.rawBatch(observations, machine: machine, source: source, receivedAt: receivedAt))
            try await outbox.append(events, in: connection)
            return Result(accepted: observations.count, events: tracker.changes.count)
        }
        metrics.recordIngest(observations: result.accepted, events: result.events)
        return result
    }

    private static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return encoder
    }

    static func event(for change: StateTracker.Change, machine: MachineRecord) throws -> OutboxEvent {
        switch change {
        case .executionChanged(let execution, let previous, let at):
            let payload = StateChanged(
                machineId: machine.id, externalId: machine.externalId, tenantId: machine.tenantId,
                execution: execution, previousExecution: previous, at: at, schemaVersion: schemaVersion
            )
            return OutboxEvent(
                partitionKey: machine.id, type: "machine.state.changed", source: eventSource, subject: machine.id,
                time: at, schemaVersion: schemaVersion, payload: Array(try encoder().encode(payload)),
                headers: ["tenantid": machine.tenantId]
            )
        case .cycleTimeChanged(let seconds, let previous, let at, let count):
            let payload = CycleTimeChanged(
                machineId: machine.id, externalId: machine.externalId, tenantId: machine.tenantId,
                cycleTime: seconds, previousCycleTime: previous, measuredAt: at, cycleCount: count,
                schemaVersion: schemaVersion
            )
            return OutboxEvent(
                partitionKey: machine.id, type: "cycle_time.changed", source: eventSource, subject: machine.id,
                time: at, schemaVersion: schemaVersion, payload: Array(try encoder().encode(payload)),
                headers: ["tenantid": machine.tenantId]
            )
        }
    }

    static func rawBatch(_ observations: [ObservationInput], machine: MachineRecord, source: String, receivedAt: Date) throws -> OutboxEvent {
        let payload = RawBatch(
            machineId: machine.id, externalId: machine.externalId, tenantId: machine.tenantId, source: source,
            receivedAt: receivedAt, observations: observations.map(RawBatch.Item.init), schemaVersion: schemaVersion
        )
        return OutboxEvent(
            partitionKey: machine.id, type: "observations.batch", source: eventSource, subject: machine.id,
            time: receivedAt, schemaVersion: schemaVersion, payload: Array(try encoder().encode(payload)),
            headers: ["tenantid": machine.tenantId]
        )
    }
}

/// Data of `machine.state.changed`.
struct StateChanged: Encodable {
    var machineId: String
    var externalId: String
    var tenantId: String
    var execution: String
    var previousExecution: String?
    var at: Date
    var schemaVersion: Int
}

/// Data of `cycle_time.changed`.
struct CycleTimeChanged: Encodable {
    var machineId: String
    var externalId: String
    var tenantId: String
    var cycleTime: Double
    var previousCycleTime: Double?
    var measuredAt: Date
    var cycleCount: Int
    var schemaVersion: Int
}

/// Data of `observations.batch`: the raw observations for the `raw_data` topic.
struct RawBatch: Encodable {
    struct Item: Encodable {
        var dataItemId: String
        var timestamp: Date
        var category: String
        var type: String?
        var subType: String?
        var name: String?
        var sequence: Int64?
        var value: String?
        var conditionLevel: String?

        init(_ observation: ObservationInput) {
            dataItemId = observation.dataItemId
            timestamp = observation.timestamp
            category = observation.category
            type = observation.type
            subType = observation.subType
            name = observation.name
            sequence = observation.sequence
            value = observation.textValue
            conditionLevel = observation.condition?.level
        }
    }

    var machineId: String
    var externalId: String
    var tenantId: String
    var source: String
    var receivedAt: Date
    var observations: [Item]
    var schemaVersion: Int
}
