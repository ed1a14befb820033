import Foundation
import MTConnectCoreAPI

extension APIHandler {
    func listMachines(_ input: Operations.ListMachines.Input) async throws -> Operations.ListMachines.Output {
        let caller = try user(atLeast: .operator)
        let limit = try Self.limit(input.query.limit)
        var after: PageCursor?
        if let cursor = input.query.cursor {
            guard let decoded = PageCursor(encoded: cursor) else { throw HTTPProblem.badRequest(PageCursor.malformed, field: "cursor") }
            after = decoded
        }
        if let externalId = input.query.externalId {
            guard (1...128).contains(externalId.count) else {
                throw HTTPProblem.badRequest("externalId must be 1 to 128 characters.", field: "externalId")
            }
            // At most one machine has it; the page is that machine or empty.
            let record = try await components.backend.machines.machine(externalId: externalId, tenantId: caller.tenantId)
            return .ok(.init(body: .json(.init(items: try record.map { [try Components.Schemas.Machine($0)] } ?? []))))
        }
        let records = try await components.backend.machines.list(tenantId: caller.tenantId, limit: limit + 1, after: after)
        let page = Array(records.prefix(limit))
        let next = records.count > limit ? page.last.map { PageCursor(position: $0.createdAt, id: $0.id).encoded } : nil
        return .ok(.init(body: .json(.init(items: try page.map(Components.Schemas.Machine.init), nextCursor: next))))
    }

    func createMachine(_ input: Operations.CreateMachine.Input) async throws -> Operations.CreateMachine.Output {
        let caller = try user(atLeast: .admin)
        guard case .json(let body) = input.body else { throw HTTPProblem.badRequest("Send the machine as JSON.") }
        try FieldRules.text(body.externalId, "/externalId", maxLength: 128)
        try FieldRules.text(body.name, "/name", maxLength: 200)
        let source = try (body.source ?? .none).validated(at: "/source", hosts: components.configuration.sourceHosts)
        let now = StoreTime.nowMilliseconds()
        let record = MachineRecord(
            id: UUID().uuidString.lowercased(), tenantId: caller.tenantId, externalId: body.externalId,
            name: body.name, sourceJSON: source.json, createdAt: now, updatedAt: now
        )
        switch try await components.backend.machines.create(record) {
        case .written(let record):
            components.sources.machineChanged(record)
            return .created(.init(headers: .init(location: "/api/v1/machines/\(record.id)"), body: .json(try .init(record))))
        case .duplicateExternalId:
            throw HTTPProblem.conflict("A machine with externalId \"\(body.externalId)\" already exists in this tenant.")
        case .notFound:
            throw HTTPProblem.internalError()
        }
    }

    func getMachine(_ input: Operations.GetMachine.Input) async throws -> Operations.GetMachine.Output {
        let caller = try user(atLeast: .operator)
        return .ok(.init(body: .json(try .init(try await machine(id: input.path.id, tenantId: caller.tenantId)))))
    }

    func updateMachine(_ input: Operations.UpdateMachine.Input) async throws -> Operations.UpdateMachine.Output {
        let caller = try user(atLeast: .admin)
        guard case .json(let patch) = input.body else { throw HTTPProblem.badRequest("Send the changes as JSON.") }
        if let externalId = patch.externalId { try FieldRules.text(externalId, "/externalId", maxLength: 128) }
        if let name = patch.name { try FieldRules.text(name, "/name", maxLength: 200) }
        let source = try patch.source?.validated(at: "/source", hosts: components.configuration.sourceHosts)
        let current = try await machine(id: input.path.id, tenantId: caller.tenantId)
        let outcome = try await components.backend.machines.update(id: current.id, tenantId: caller.tenantId) { record in
            if let externalId = patch.externalId { record.externalId = externalId }
            if let name = patch.name { record.name = name }
            if let source { record.sourceJSON = source.json }
        }
        switch outcome {
        case .written(let record):
            components.sources.machineChanged(record)
            return .ok(.init(body: .json(try .init(record))))
        case .duplicateExternalId:
            throw HTTPProblem.conflict("Another machine already has externalId \"\(patch.externalId ?? "")\".")
        case .notFound:
            throw HTTPProblem.machineNotFound(input.path.id)
        }
    }

    func deleteMachine(_ input: Operations.DeleteMachine.Input) async throws -> Operations.DeleteMachine.Output {
        let caller = try user(atLeast: .admin)
        let record = try await machine(id: input.path.id, tenantId: caller.tenantId)
        guard try await components.backend.machines.delete(id: record.id, tenantId: caller.tenantId) else {
            throw HTTPProblem.machineNotFound(input.path.id)
        }
        components.sources.machineRemoved(id: record.id)
        return .noContent(.init())
    }

    static func limit(_ requested: Int?) throws -> Int {
        let limit = requested ?? 100
        guard (1...1000).contains(limit) else { throw HTTPProblem.badRequest("limit must be in 1...1000.", field: "limit") }
        return limit
    }
}
