import Crypto
import Foundation
import MTConnectCoreAPI
import OpenAPIRuntime
import _MTCSupport

extension CoreClient {
    /// Records a setup event.
    ///
    /// - Parameter idempotencyKey: The key of this logical request, the same on every retry.
    ///   When `nil` it is derived from the event itself (``derivedIdempotencyKey(route:for:)``),
    ///   so sending the same event again — after a crash, by a job that runs twice — records it
    ///   once. Pass your own when two identical events must both count.
    public func postSetup(_ event: SetupEvent, idempotencyKey: String? = nil) async throws(CoreClientError) -> EventReceipt {
        let attributes = try Self.container(event.attributes, "attributes").map(Components.Schemas.SetupEvent.AttributesPayload.init)
        let body = Components.Schemas.SetupEvent(
            machineId: event.machineId, phase: .init(rawValue: event.phase.rawValue) ?? .started,
            occurredAt: event.occurredAt, setupId: event.setupId, partNumber: event.partNumber,
            drawingNumber: event.drawingNumber, _operator: event.operator, plannedQuantity: event.plannedQuantity,
            attributes: attributes
        )
        let key = if let idempotencyKey { idempotencyKey } else { try Self.derivedIdempotencyKey(route: "/api/ext/setup", for: event) }
        let output = try await call {
            try await client.postSetup(headers: .init(xIdempotencyKey: key), body: .json(body))
        }
        guard case .ok(let accepted) = output, case .json(let receipt) = accepted.body else {
            throw CoreClientError.invalidArgument("Unexpected response to postSetup.")
        }
        return try Self.receipt(receipt, replayed: accepted.headers.idempotentReplayed != nil)
    }

    /// Records a generic event, published as `ext.<type>`.
    ///
    /// - Parameter idempotencyKey: As for ``postSetup(_:idempotencyKey:)``: derived from the
    ///   event when `nil`.
    public func postEvent(_ event: GenericEvent, idempotencyKey: String? = nil) async throws(CoreClientError) -> EventReceipt {
        let payload = try Self.container(event.payload, "payload").map(Components.Schemas.GenericEvent.PayloadPayload.init)
        let body = Components.Schemas.GenericEvent(machineId: event.machineId, _type: event.type, occurredAt: event.occurredAt, payload: payload)
        let key = if let idempotencyKey { idempotencyKey } else { try Self.derivedIdempotencyKey(route: "/api/ext/event", for: event) }
        let output = try await call {
            try await client.postEvent(headers: .init(xIdempotencyKey: key), body: .json(body))
        }
        guard case .ok(let accepted) = output, case .json(let receipt) = accepted.body else {
            throw CoreClientError.invalidArgument("Unexpected response to postEvent.")
        }
        return try Self.receipt(receipt, replayed: accepted.headers.idempotentReplayed != nil)
    }

    /// The key the client sends for `event` when you pass none: `sha256-` and the hex SHA-256
    /// of the route and the event's canonical JSON (sorted keys, RFC 3339 dates to the
    /// microsecond). Equal events get equal keys in every process and on every run.
    public static func derivedIdempotencyKey(route: String, for event: some Encodable) throws(CoreClientError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        let json: Data
        do {
            json = try encoder.encode(event)
        } catch {
            throw CoreClientError.invalidArgument("The event cannot be encoded: \(error)")
        }
        let digest = SHA256.hash(data: Data(route.utf8) + [0x0A] + json)
        return "sha256-" + digest.hexEncodedString()
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

    /// A free-form object for the generated types; `nil` when empty (the field is left out).
    private static func container(_ members: [String: JSONValue], _ name: String) throws(CoreClientError) -> OpenAPIObjectContainer? {
        guard !members.isEmpty else { return nil }
        do {
            return try OpenAPIObjectContainer(unvalidatedValue: members.mapValues(\.unvalidated))
        } catch {
            throw CoreClientError.invalidArgument("The \(name) cannot be encoded: \(error)")
        }
    }

    static func receipt(_ value: Components.Schemas.EventReceipt, replayed: Bool) throws(CoreClientError) -> EventReceipt {
        EventReceipt(eventId: value.eventId, machineId: try uuid(value.machineId), type: value._type, receivedAt: value.receivedAt, replayed: replayed)
    }
}
