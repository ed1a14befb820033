import Foundation
import MTConnectCoreClient
import ReferenceServer
import Testing

@Suite("Machines API")
struct MachinesTests {
    @Test("an admin creates, reads, pages, changes and deletes machines")
    func adminManagesMachines() async throws {
        try await TestServer.with { server in
            let client = server.client()
            let mill = try await client.createMachine(
                externalId: "17", name: "Mill 17",
                source: .mtconnect(agentURL: "http://127.0.0.1:5000", device: "Mill", intervalMilliseconds: 500)
            )
            let lathe = try await client.createMachine(
                externalId: "18", name: "Lathe 18",
                source: .modbus(ModbusSource(host: "127.0.0.1", port: 1502, cycleChannel: 0))
            )
            #expect(mill.externalId == "17")
            #expect(mill.tenantId == "plant-1")
            #expect(try await client.machine(id: mill.id) == mill)

            let first = try await client.machines(limit: 1)
            #expect(first.items.map(\.id) == [mill.id])
            let cursor = try #require(first.nextCursor)
            let second = try await client.machines(limit: 1, cursor: cursor)
            #expect(second.items.map(\.id) == [lathe.id])
            #expect(second.nextCursor == nil)

            let renamed = try await client.updateMachine(id: lathe.id, MachineChanges(name: "Lathe 18b"))
            #expect(renamed.name == "Lathe 18b")
            #expect(renamed.source == lathe.source)
            #expect(renamed.updatedAt >= lathe.updatedAt)

            try await client.deleteMachine(id: mill.id)
            let error = await #expect(throws: CoreClientError.self) { try await client.machine(id: mill.id) }
            #expect(error?.status == 404)
            #expect(error?.problem?.kind == "machine-not-found")
        }
    }

    @Test("a second machine with the same external id is a conflict")
    func duplicateExternalIdIsConflict() async throws {
        try await TestServer.with { server in
            let client = server.client()
            _ = try await client.createMachine(externalId: "17", name: "Mill")
            let error = await #expect(throws: CoreClientError.self) {
                try await client.createMachine(externalId: "17", name: "Another mill")
            }
            #expect(error?.status == 409)
        }
    }

    @Test("an invalid field is rejected with 422 naming the field", arguments: [
        (#"{"externalId":"","name":"Mill"}"#, "/externalId"),
        (#"{"externalId":"1","name":"Mill","source":{"kind":"mtconnect"}}"#, "/source/mtconnect"),
        (#"{"externalId":"1","name":"Mill","source":{"kind":"modbus","modbus":{"host":"h","channels":{"cycle":12}}}}"#,
         "/source/modbus/channels/cycle"),
        (#"{"externalId":"1"}"#, "/name"),
        (#"{"externalId":"1","name":7}"#, "/name"),
    ])
    func invalidFieldIsNamed(body: String, field: String) async throws {
        try await TestServer.with { server in
            let response = try await send(
                .POST, "\(server.baseURL)/api/v1/machines",
                headers: [("Authorization", "Bearer \(server.adminToken)"), ("Content-Type", "application/json")],
                body: Array(body.utf8)
            )
            #expect(response.status == 422)
            #expect(response.header("Content-Type") == "application/problem+json")
            let errors = response.json?["errors"] as? [[String: Any]]
            #expect(errors?.first?["field"] as? String == field)
        }
    }

    @Test("an operator reads machines but may not change them")
    func operatorIsReadOnly() async throws {
        try await TestServer.with { server in
            let machine = try await server.client().createMachine(externalId: "17", name: "Mill")
            let operatorClient = server.client(accessToken: server.operatorToken)
            #expect(try await operatorClient.machines().items.map(\.id) == [machine.id])
            let error = await #expect(throws: CoreClientError.self) {
                try await operatorClient.createMachine(externalId: "18", name: "Lathe")
            }
            #expect(error?.status == 403)
            let deleteError = await #expect(throws: CoreClientError.self) { try await operatorClient.deleteMachine(id: machine.id) }
            #expect(deleteError?.status == 403)
        }
    }

    @Test("missing, expired and forged tokens are refused with 401")
    func badTokensAreRefused() async throws {
        try await TestServer.with { server in
            let expired = try await TokenIssuer(configuration: server.configuration)
                .issue(subject: "admin", role: .admin, lifetime: .seconds(-60))
            var otherKey = server.configuration
            otherKey.jwtSecret = "another-secret-that-is-long-enough-for-hs256"
            let forged = try await TokenIssuer(configuration: otherKey).issue(subject: "admin", role: .admin)
            for token in [nil, expired, forged, "not.a.jwt"] {
                let error = await #expect(throws: CoreClientError.self) { try await server.client(accessToken: token).machines() }
                #expect(error?.status == 401)
                #expect(error?.problem?.kind == "unauthorized")
            }
        }
    }
}
