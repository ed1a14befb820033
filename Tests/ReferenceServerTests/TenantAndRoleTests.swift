import Foundation
import MTConnectCoreClient
import ReferenceServer
import Testing

@Suite("Tenants and roles")
struct TenantAndRoleTests {
    @Test("a tenant sees, changes and deletes only its own machines and telemetry; external ids are unique per tenant only")
    func tenantsAreIsolated() async throws {
        try await TestServer.with { server in
            let plant1 = server.client()
            let mill = try await plant1.createMachine(externalId: "17", name: "Mill 17")
            #expect(mill.tenantId == "plant-1")
            _ = try await plant1.ingest(
                machine: mill.id,
                observations: [TelemetryObservation(dataItemId: "Xact", timestamp: Date(), category: .sample, type: "POSITION", value: .number(1.5))]
            )

            let issuer = try await TokenIssuer(configuration: server.configuration)
            let plant2 = server.client(accessToken: try await issuer.issue(subject: "other-admin", role: .admin, tenantId: "plant-2"))
            #expect(try await plant2.machines().items.isEmpty)
            for attempt in [
                { _ = try await plant2.machine(id: mill.id) },
                { _ = try await plant2.updateMachine(id: mill.id, MachineChanges(name: "taken over")) },
                { try await plant2.deleteMachine(id: mill.id) },
                { _ = try await plant2.telemetry(machine: mill.id) },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: CoreClientError.self) { try await attempt() }
                #expect(error?.status == 404, "another tenant's machine is not found, not forbidden (its existence is not revealed)")
            }

            let twin = try await plant2.createMachine(externalId: "17", name: "Plant 2's own 17")
            #expect(twin.tenantId == "plant-2" && twin.id != mill.id)
            #expect(try await plant2.machines().items.map(\.id) == [twin.id])
            #expect(try await plant1.machine(id: mill.id).name == "Mill 17", "untouched by the other tenant")
            #expect(try await plant1.telemetry(machine: mill.id).items.count == 1)
            let duplicate = await #expect(throws: CoreClientError.self) { _ = try await plant1.createMachine(externalId: "17", name: "again") }
            #expect(duplicate?.status == 409)
        }
    }

    @Test("operators and managers read; only admins write, and the 403 names the role needed")
    func rolesGateWrites() async throws {
        try await TestServer.with { server in
            let mill = try await server.client().createMachine(externalId: "17", name: "Mill 17")
            let issuer = try await TokenIssuer(configuration: server.configuration)
            for role in [Role.operator, .manager] {
                let reader = server.client(accessToken: try await issuer.issue(subject: "reader", role: role))
                #expect(try await reader.machines().items.map(\.id) == [mill.id])
                #expect(try await reader.machine(id: mill.id) == mill)
                _ = try await reader.telemetry(machine: mill.id)
                for attempt in [
                    { _ = try await reader.createMachine(externalId: "18", name: "Lathe") },
                    { _ = try await reader.updateMachine(id: mill.id, MachineChanges(name: "renamed")) },
                    { try await reader.deleteMachine(id: mill.id) },
                ] as [@Sendable () async throws -> Void] {
                    let error = await #expect(throws: CoreClientError.self) { try await attempt() }
                    #expect(error?.status == 403, "\(role) may not write")
                    #expect(error?.problem?.detail?.contains("needs admin") == true)
                }
            }
            let anonymous = server.client(accessToken: nil)
            let error = await #expect(throws: CoreClientError.self) { _ = try await anonymous.machines() }
            #expect(error?.status == 401)
            #expect(try await server.client().machine(id: mill.id) == mill, "nothing was changed by the refused writes")
        }
    }
}
