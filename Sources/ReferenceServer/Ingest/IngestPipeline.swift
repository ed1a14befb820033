import Foundation
import Logging
import OutboxKit
import IdempotencyKit

/// The one way observations enter the store, for `/internal` and the in-process sources alike.
///
/// In ONE store write it stores the observations, updates the machine's derived state
/// (execution, part count, cycle time) and appends the outbox events describing the changes,
/// plus one raw batch event for the `raw_data` topic (the store appends that one, see
/// ``IngestStore/ingest(_:)``). Either all of it is committed or none.
struct IngestPipeline: Sendable {
    let store: any IngestStore
    let metrics: ServerMetrics
    let logger: Logger

    static let schemaVersion = EventJSON.schemaVersion
    static let eventSource = "/mtc-server/ingest"

    /// Stores a batch; with `idempotency`, a retry of a completed batch stores nothing and
    /// returns the recorded answer instead.
    func ingest(
        _ observations: [ObservationInput], machine: MachineRecord, source: String,
        idempotency: IdempotentWrite? = nil,
        respond: @escaping @Sendable (IngestResult) throws -> IdempotentResponse = { try EventJSON.okResponse(IngestAnswer($0)) }
    ) async throws -> IdempotentWriteOutcome<IngestResult> {
        guard !observations.isEmpty else { return .written(IngestResult(accepted: 0, events: 0), response: nil) }
        let receivedAt = Date()
        let batch = IngestBatch(
            machine: machine, observations: observations, receivedAt: receivedAt, idempotency: idempotency, source: source,
            derive: { state in
                var tracker = StateTracker(state: state, source: source)
                tracker.apply(observations)
                let events = try tracker.changes.map { try Self.event(for: $0, machine: machine) }
                return (tracker.state, events, tracker.changes.count)
            },
            respond: respond
        )
        let outcome = try await store.ingest(batch)
        if case .written(let result, _) = outcome {
            metrics.recordIngest(observations: result.accepted, events: result.events)
        }
        return outcome
    }

    private static var encoder: JSONEncoder { EventJSON.encoder }

    static func event(for change: StateTracker.Change, machine: MachineRecord) throws -> OutboxEvent {
        switch change {
        case .executionChanged(let execution, let previous, let at):
            let payload = StateChanged(
                machineId: machine.id, externalId: machine.externalId, tenantId: machine.tenantId,
                execution: execution, previousExecution: previous, at: at, schemaVersion: schemaVersion
            )
            return OutboxEvent(
                partitionKey: machine.id, type: "machine.state.changed", source: eventSource, subject: machine.id,
                time: at, schemaVersion: schemaVersion, payload: Array(try encoder.encode(payload)),
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
                time: at, schemaVersion: schemaVersion, payload: Array(try encoder.encode(payload)),
                headers: ["tenantid": machine.tenantId]
            )
        }
    }

    static let rawBatchType = "observations.batch"

    /// The `observations.batch` event for the `raw_data` topic, with `payload` as its data:
    /// ``rawBatchPayload(_:header:)``, or what a backend keeps to write it later.
    static func rawBatch(_ header: RawBatchHeader, payload: [UInt8], headers: [String: String] = [:]) -> OutboxEvent {
        OutboxEvent(
            partitionKey: header.machineId, type: rawBatchType, source: eventSource, subject: header.machineId,
            time: StoreTime.date(microseconds: header.receivedAt), schemaVersion: schemaVersion,
            payload: payload, headers: headers.merging(["tenantid": header.tenantId]) { _, new in new }
        )
    }

    /// The data of `observations.batch`: the batch as stored, written by hand (through
    /// `JSONEncoder` it cost as much as storing the batch). Members sorted, as
    /// ``EventJSON/encoder`` writes them; an item's `value` is its text
    /// (``ObservationInput/textValue``), its condition only the level.
    static func rawBatchPayload(_ observations: some Collection<ObservationInput>, header: RawBatchHeader) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + observations.count * 160)
        json.beginObject()
        json.member("externalId", header.externalId)
        json.member("machineId", header.machineId)
        json.key("observations")
        json.beginArray()
        for observation in observations {
            json.beginObject()
            json.member("category", observation.category)
            json.memberIfPresent("conditionLevel", observation.condition?.level)
            json.member("dataItemId", observation.dataItemId)
            json.memberIfPresent("name", observation.name)
            json.memberIfPresent("sequence", observation.sequence)
            json.memberIfPresent("subType", observation.subType)
            json.member("timestamp", observation.timestamp)
            json.memberIfPresent("type", observation.type)
            json.memberIfPresent("value", observation.textValue)
            json.endObject()
        }
        json.endArray()
        json.member("receivedAt", StoreTime.date(microseconds: header.receivedAt))
        json.member("schemaVersion", schemaVersion)
        json.member("source", header.source)
        json.member("tenantId", header.tenantId)
        json.endObject()
        return json.bytes
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

/// The answer of `POST /internal/machines/{id}/data`.
struct IngestAnswer: Encodable {
    var accepted: Int
    var events: Int

    init(_ result: IngestResult) {
        accepted = result.accepted
        events = result.events
    }
}
