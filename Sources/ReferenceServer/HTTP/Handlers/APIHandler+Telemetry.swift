import Foundation
import MTConnectCoreAPI

extension APIHandler {
    /// The generated route's handler; the server serves the route with
    /// ``ingestObservations(request:body:metadata:maximumBodySize:)`` instead (the same
    /// contract, without `Codable`), and this one remains the reference it is tested against.
    func ingestObservations(_ input: Operations.IngestObservations.Input) async throws -> Operations.IngestObservations.Output {
        guard case .json(let batch) = input.body else { throw HTTPProblem.badRequest("Send the batch as JSON.") }
        let result = try await ingest(Self.observations(in: batch), machineReference: input.path.id)
        return .ok(.init(body: .json(.init(accepted: result.accepted, events: result.events))))
    }

    /// Stores a checked batch for the adapter calling `/internal`; a replayed or refused
    /// request answers zeros, which the idempotency middleware replaces by the recorded answer.
    func ingest(_ observations: [ObservationInput], machineReference: String) async throws -> IngestResult {
        guard case .adapter(let tenantId) = Principal.current else {
            throw HTTPProblem.unauthorized("This route needs the internal token.")
        }
        let machine = try await machine(id: machineReference, tenantId: tenantId)
        let idempotency = IdempotencyContext.current
        let outcome = try await components.ingest.ingest(observations, machine: machine, source: "internal", idempotency: idempotency?.write)
        idempotency?.settle(outcome)
        guard case .written(let result, _) = outcome else { return IngestResult(accepted: 0, events: 0) }
        return result
    }

    /// The observations of an `/internal` batch, checked beyond the schema's types.
    static func observations(in batch: Components.Schemas.IngestBatch) throws -> [ObservationInput] {
        guard !batch.observations.isEmpty else { throw HTTPProblem.invalidField("/observations", "Send at least one observation.") }
        guard batch.observations.count <= IngestBatchDecoder.maximumObservations else {
            throw HTTPProblem.invalidField("/observations", "At most \(IngestBatchDecoder.maximumObservations) observations per batch; split it.")
        }
        return try batch.observations.enumerated().map { index, item in
            try ObservationInput(item, pointer: "/observations/\(index)")
        }
    }

    func queryTelemetry(_ input: Operations.QueryTelemetry.Input) async throws -> Operations.QueryTelemetry.Output {
        let caller = try user(atLeast: .operator)
        let limit = try Self.limit(input.query.limit)
        let to = input.query.to ?? Date()
        let from = input.query.from ?? to.addingTimeInterval(-3600)
        let dataItems = input.query.dataItem ?? []
        guard dataItems.count <= 100, dataItems.allSatisfy({ (1...200).contains($0.count) }) else {
            throw HTTPProblem.badRequest("Give at most 100 dataItem ids of 1...200 characters.", field: "dataItem")
        }
        var after: PageCursor?
        if let cursor = input.query.cursor {
            guard let decoded = PageCursor(encoded: cursor), Int(decoded.id) != nil else {
                throw HTTPProblem.badRequest(PageCursor.malformed, field: "cursor")
            }
            after = decoded
        }
        let machine = try await machine(id: input.path.id, tenantId: caller.tenantId)
        // A range that ends before it starts holds nothing; it is not an error.
        guard from < to else { return .ok(.init(body: .json(.init(items: [])))) }
        let rows = try await components.backend.telemetry.query(
            machineId: machine.id, from: from, to: to, dataItems: dataItems, limit: limit + 1, after: after
        )
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit
            ? page.last.map { PageCursor(position: StoreTime.microseconds($0.observation.timestamp), id: String($0.rowId)).encoded }
            : nil
        return .ok(.init(body: .json(.init(items: page.map(Components.Schemas.StoredObservation.init), nextCursor: next))))
    }
}

extension ObservationInput {
    init(_ item: Components.Schemas.Observation, pointer: String) throws {
        try FieldRules.text(item.dataItemId, "\(pointer)/dataItemId", maxLength: 200)
        for (field, value) in [("type", item._type), ("subType", item.subType), ("name", item.name)] {
            if let value { try FieldRules.text(value, "\(pointer)/\(field)", maxLength: 200, allowEmpty: true) }
        }
        let value: Value? = switch item.value {
        case .case1(let number) where number.isFinite: .number(number)
        case .case1: throw HTTPProblem.invalidField("\(pointer)/value", "Numbers must be finite.")
        case .case2(let text) where text.count <= 4096: .text(text)
        case .case2: throw HTTPProblem.invalidField("\(pointer)/value", "Text values are limited to 4096 characters.")
        case .case3(let container) where container.value == nil: nil
        case .case3: throw HTTPProblem.invalidField("\(pointer)/value", "Must be a number, a string or null.")
        case nil: nil
        }
        self.init(
            dataItemId: item.dataItemId, timestamp: item.timestamp, category: item.category.rawValue, type: item._type,
            subType: item.subType, name: item.name, sequence: item.sequence, value: value,
            condition: item.condition.map {
                Condition(level: $0.level.rawValue, nativeCode: $0.nativeCode, nativeSeverity: $0.nativeSeverity,
                          qualifier: $0.qualifier, message: $0.message)
            }
        )
    }
}

extension Components.Schemas.StoredObservation {
    init(_ stored: StoredObservation) {
        let observation = stored.observation
        let value: ValuePayload? = switch observation.value {
        case .number(let number): .case1(number)
        case .text(let text): .case2(text)
        case nil: nil
        }
        self.init(
            dataItemId: observation.dataItemId, timestamp: observation.timestamp,
            category: .init(rawValue: observation.category) ?? .event, _type: observation.type,
            subType: observation.subType, name: observation.name, sequence: observation.sequence, value: value,
            condition: observation.condition.map {
                .init(level: .init(rawValue: $0.level) ?? .unavailable, nativeCode: $0.nativeCode,
                      nativeSeverity: $0.nativeSeverity, qualifier: $0.qualifier, message: $0.message)
            },
            receivedAt: stored.receivedAt
        )
    }
}
