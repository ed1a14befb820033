import Foundation
import MTConnectCoreAPI
import OpenAPIRuntime
import OutboxKit

extension APIHandler {
    func postSetup(_ input: Operations.PostSetup.Input) async throws -> Operations.PostSetup.Output {
        let caller = try apiCaller()
        guard case .json(let event) = input.body else { throw HTTPProblem.badRequest("Send the setup as JSON.") }
        try FieldRules.text(event.machineId, "/machineId", maxLength: 128)
        for (pointer, value) in [("/setupId", event.setupId), ("/partNumber", event.partNumber),
                                 ("/drawingNumber", event.drawingNumber), ("/operator", event._operator)] {
            if let value { try FieldRules.text(value, pointer, maxLength: 128, allowEmpty: true) }
        }
        if let quantity = event.plannedQuantity, quantity < 0 {
            throw HTTPProblem.invalidField("/plannedQuantity", "Must not be negative.")
        }
        let machine = try await extMachine(event.machineId, tenantId: caller.tenantId)
        let payload = SetupPayload(
            machineId: machine.id, externalId: machine.externalId, tenantId: caller.tenantId,
            phase: event.phase.rawValue, occurredAt: event.occurredAt, setupId: event.setupId,
            partNumber: event.partNumber, drawingNumber: event.drawingNumber, operator: event._operator,
            plannedQuantity: event.plannedQuantity, attributes: event.attributes?.additionalProperties,
            schemaVersion: EventJSON.schemaVersion
        )
        let receipt = try await record(
            type: "setup.\(event.phase.rawValue)", machine: machine, occurredAt: event.occurredAt, payload: payload
        )
        return .ok(.init(body: .json(receipt)))
    }

    func postEvent(_ input: Operations.PostEvent.Input) async throws -> Operations.PostEvent.Output {
        let caller = try apiCaller()
        guard case .json(let event) = input.body else { throw HTTPProblem.badRequest("Send the event as JSON.") }
        try Self.validate(event)
        let machine = try await extMachine(event.machineId, tenantId: caller.tenantId)
        let payload = GenericPayload(
            machineId: machine.id, externalId: machine.externalId, tenantId: caller.tenantId, type: event._type,
            occurredAt: event.occurredAt, payload: event.payload?.additionalProperties,
            schemaVersion: EventJSON.schemaVersion
        )
        let receipt = try await record(type: "ext.\(event._type)", machine: machine, occurredAt: event.occurredAt, payload: payload)
        return .ok(.init(body: .json(receipt)))
    }

    func getCycleTime(_ input: Operations.GetCycleTime.Input) async throws -> Operations.GetCycleTime.Output {
        let caller = try apiCaller()
        let machine = try await extMachine(input.path.id, tenantId: caller.tenantId)
        let state = try await components.backend.machineState.state(machineId: machine.id)
        let source = state.cycleSource.flatMap(Components.Schemas.CycleTime.SourcePayload.init(rawValue:))
        return .ok(.init(body: .json(.init(
            machineId: machine.id, externalId: machine.externalId, lastCycleTime: state.lastCycleTime,
            measuredAt: state.measuredAt.map { StoreTime.date(milliseconds: $0) }, cycleCount: Int64(state.cycleCount),
            source: source
        ))))
    }

    /// The checks of `POST /api/ext/event` beyond the schema's types, before any lookup.
    static func validate(_ event: Components.Schemas.GenericEvent) throws {
        try FieldRules.text(event.machineId, "/machineId", maxLength: 128)
        try FieldRules.text(event._type, "/type", maxLength: 128)
        guard event._type.range(of: "^[a-z][a-z0-9_.-]*$", options: .regularExpression) != nil else {
            throw HTTPProblem.invalidField("/type", "Use lowercase letters, digits, '_', '.' and '-', starting with a letter.")
        }
    }

    private func apiCaller() throws -> (keyId: String, tenantId: String) {
        guard case .apiKey(let keyId, let tenantId) = Principal.current else {
            throw HTTPProblem.unauthorized("This route needs an API key.")
        }
        return (keyId, tenantId)
    }

    private func extMachine(_ reference: String, tenantId: String) async throws -> MachineRecord {
        guard !reference.isEmpty, reference.count <= 128,
              let machine = try await components.backend.machines.machine(reference: reference, tenantId: tenantId)
        else { throw HTTPProblem.machineNotFound(reference) }
        return machine
    }

    /// Stores the event, its outbox entry and the recorded answer in one write, under an id
    /// derived from the idempotency key (so even a forgotten key finds its first event).
    private func record(
        type: String, machine: MachineRecord, occurredAt: Date, payload: some Encodable
    ) async throws -> Components.Schemas.EventReceipt {
        guard let context = IdempotencyContext.current else {
            throw HTTPProblem.badRequest("An idempotency key is required.")
        }
        let scope = context.write.id.scope
        let id = ULID(time: occurredAt, seed: "\(scope.principal)\n\(scope.route)\n\(context.write.id.key.rawValue)")
        let event = ExtEventRecord(
            id: id, tenantId: machine.tenantId, machineId: machine.id, type: type,
            occurredAt: StoreTime.microseconds(occurredAt), receivedAt: StoreTime.microseconds(Date()),
            payload: Array(try EventJSON.encoder.encode(payload))
        )
        let outcome = try await components.backend.events.record(
            event, outbox: EventJSON.outboxEvent(for: event, source: "/mtc-server/ext"), idempotency: context.write
        ) { stored in
            try EventJSON.okResponse(Self.receipt(for: stored))
        }
        context.settle(outcome)
        switch outcome {
        case .written(let stored, _): return Self.receipt(for: stored)
        // The middleware answers these from what the store returned; the value is not sent.
        case .replayed, .keyReused: return Self.receipt(for: event)
        }
    }

    static func receipt(for event: ExtEventRecord) -> Components.Schemas.EventReceipt {
        .init(
            eventId: event.id.description, machineId: event.machineId, _type: event.type,
            receivedAt: StoreTime.date(microseconds: event.receivedAt)
        )
    }
}

/// The published data of a `setup.*` event.
struct SetupPayload: Encodable {
    var machineId: String
    var externalId: String
    var tenantId: String
    var phase: String
    var occurredAt: Date
    var setupId: String?
    var partNumber: String?
    var drawingNumber: String?
    var `operator`: String?
    var plannedQuantity: Int?
    var attributes: OpenAPIObjectContainer?
    var schemaVersion: Int
}

/// The published data of an `ext.*` event.
struct GenericPayload: Encodable {
    var machineId: String
    var externalId: String
    var tenantId: String
    var type: String
    var occurredAt: Date
    var payload: OpenAPIObjectContainer?
    var schemaVersion: Int
}
