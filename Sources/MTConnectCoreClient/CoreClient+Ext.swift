import Foundation
import MTConnectCoreAPI
import OpenAPIRuntime

extension CoreClient {
    /// Records a setup event. `idempotencyKey` defaults to a new UUID, reused on every retry.
    public func postSetup(_ event: SetupEvent, idempotencyKey: String = UUID().uuidString) async throws(CoreClientError) -> EventReceipt {
        let body = Components.Schemas.SetupEvent(
            machineId: event.machineId, phase: .init(rawValue: event.phase.rawValue) ?? .started,
            occurredAt: event.occurredAt, setupId: event.setupId, partNumber: event.partNumber,
            drawingNumber: event.drawingNumber, _operator: event.operator, plannedQuantity: event.plannedQuantity
        )
        let output = try await call {
            try await client.postSetup(headers: .init(xIdempotencyKey: idempotencyKey), body: .json(body))
        }
        guard case .ok(let accepted) = output, case .json(let receipt) = accepted.body else {
            throw CoreClientError.invalidArgument("Unexpected response to postSetup.")
        }
        return try Self.receipt(receipt, replayed: accepted.headers.idempotentReplayed != nil)
    }

    /// Records a generic event, published as `ext.<type>`.
    public func postEvent(_ event: GenericEvent, idempotencyKey: String = UUID().uuidString) async throws(CoreClientError) -> EventReceipt {
        let payload: Components.Schemas.GenericEvent.PayloadPayload?
        do {
            payload = event.payload.isEmpty ? nil : .init(additionalProperties: try OpenAPIObjectContainer(unvalidatedValue: event.payload))
        } catch {
            throw CoreClientError.invalidArgument("The payload cannot be encoded: \(error)")
        }
        let body = Components.Schemas.GenericEvent(machineId: event.machineId, _type: event.type, occurredAt: event.occurredAt, payload: payload)
        let output = try await call {
            try await client.postEvent(headers: .init(xIdempotencyKey: idempotencyKey), body: .json(body))
        }
        guard case .ok(let accepted) = output, case .json(let receipt) = accepted.body else {
            throw CoreClientError.invalidArgument("Unexpected response to postEvent.")
        }
        return try Self.receipt(receipt, replayed: accepted.headers.idempotentReplayed != nil)
    }

    /// The last cycle time of a machine, by UUID or external id.
    public func cycleTime(machine: String) async throws(CoreClientError) -> CycleTime {
        let output = try await call { try await client.getCycleTime(path: .init(id: machine)) }
        guard case .ok(let ok) = output, case .json(let value) = ok.body else {
            throw CoreClientError.invalidArgument("Unexpected response to getCycleTime.")
        }
        return CycleTime(
            machineId: try Self.uuid(value.machineId), externalId: value.externalId, lastCycleTime: value.lastCycleTime,
            measuredAt: value.measuredAt, cycleCount: value.cycleCount, source: value.source?.rawValue
        )
    }

    static func receipt(_ value: Components.Schemas.EventReceipt, replayed: Bool) throws(CoreClientError) -> EventReceipt {
        EventReceipt(eventId: value.eventId, machineId: try uuid(value.machineId), type: value._type, receivedAt: value.receivedAt, replayed: replayed)
    }
}
