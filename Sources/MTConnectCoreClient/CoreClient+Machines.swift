import Foundation
import MTConnectCoreAPI

extension CoreClient {
    /// A page of the tenant's machines, oldest first.
    public func machines(limit: Int = 100, cursor: String? = nil) async throws(CoreClientError) -> MachinePage {
        let output = try await call { try await client.listMachines(query: .init(limit: limit, cursor: cursor)) }
        guard case .ok(let ok) = output, case .json(let page) = ok.body else { throw Self.unexpected("listMachines") }
        var items: [Machine] = []
        for item in page.items { items.append(try Machine(item)) }
        return MachinePage(items: items, nextCursor: page.nextCursor)
    }

    /// Registers a machine (admin).
    public func createMachine(externalId: String, name: String, source: MachineSource = .none) async throws(CoreClientError) -> Machine {
        let body = Components.Schemas.MachineCreate(externalId: externalId, name: name, source: source.schema)
        let output = try await call { try await client.createMachine(body: .json(body)) }
        guard case .created(let created) = output, case .json(let machine) = created.body else { throw Self.unexpected("createMachine") }
        return try Machine(machine)
    }

    /// One machine.
    public func machine(id: UUID) async throws(CoreClientError) -> Machine {
        let output = try await call { try await client.getMachine(path: .init(id: id.uuidString.lowercased())) }
        guard case .ok(let ok) = output, case .json(let machine) = ok.body else { throw Self.unexpected("getMachine") }
        return try Machine(machine)
    }

    /// Changes a machine (admin).
    public func updateMachine(id: UUID, _ changes: MachineChanges) async throws(CoreClientError) -> Machine {
        let body = Components.Schemas.MachinePatch(externalId: changes.externalId, name: changes.name, source: changes.source?.schema)
        let output = try await call {
            try await client.updateMachine(path: .init(id: id.uuidString.lowercased()), body: .json(body))
        }
        guard case .ok(let ok) = output, case .json(let machine) = ok.body else { throw Self.unexpected("updateMachine") }
        return try Machine(machine)
    }

    /// Removes a machine and its telemetry (admin).
    public func deleteMachine(id: UUID) async throws(CoreClientError) {
        let output = try await call { try await client.deleteMachine(path: .init(id: id.uuidString.lowercased())) }
        guard case .noContent = output else { throw Self.unexpected("deleteMachine") }
    }

    /// Stored observations of a machine in `from..<to`, oldest first.
    public func telemetry(
        machine: UUID, from: Date? = nil, to: Date? = nil, dataItems: [String] = [], limit: Int = 100, cursor: String? = nil
    ) async throws(CoreClientError) -> TelemetryPage {
        let output = try await call {
            try await client.queryTelemetry(
                path: .init(id: machine.uuidString.lowercased()),
                query: .init(from: from, to: to, dataItem: dataItems.isEmpty ? nil : dataItems, limit: limit, cursor: cursor)
            )
        }
        guard case .ok(let ok) = output, case .json(let page) = ok.body else { throw Self.unexpected("queryTelemetry") }
        return TelemetryPage(items: page.items.map(TelemetryObservation.init), nextCursor: page.nextCursor)
    }

    /// Sends observations of one machine to the ingest endpoint (internal token).
    public func ingest(machine: UUID, observations: [TelemetryObservation]) async throws(CoreClientError) -> IngestResult {
        let body = Components.Schemas.IngestBatch(observations: observations.map(\.schema))
        let output = try await call {
            try await client.ingestObservations(path: .init(id: machine.uuidString.lowercased()), body: .json(body))
        }
        guard case .ok(let ok) = output, case .json(let result) = ok.body else { throw Self.unexpected("ingestObservations") }
        return IngestResult(accepted: result.accepted, events: result.events)
    }

    /// Whether the server is ready (store reachable, relay running).
    public func isReady() async throws(CoreClientError) -> Bool {
        do {
            _ = try await call { try await client.getReadiness() }
            return true
        } catch where error.status == 503 {
            return false
        }
    }

    static func unexpected(_ operation: String) -> CoreClientError {
        CoreClientError.invalidArgument("The server's answer to \(operation) does not match the API.")
    }
}
