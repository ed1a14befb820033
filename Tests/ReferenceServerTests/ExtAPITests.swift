import Foundation
import MTConnectCoreClient
import Testing

@Suite("Ext API and the idempotency contract")
struct ExtAPITests {
    static let setupBody = #"{"machineId":"17","phase":"started","occurredAt":"2026-01-31T12:00:00.000Z","partNumber":"A-100"}"#

    func post(_ server: TestServer, _ path: String = "/api/ext/setup", key: String?, body: String = setupBody,
              apiKey: String? = nil, keyHeader: String = "X-Idempotency-Key") async throws -> RawResponse {
        var headers = [("Content-Type", "application/json"), ("X-API-Key", apiKey ?? server.apiKey)]
        if let key { headers.append((keyHeader, key)) }
        return try await send(.POST, "\(server.baseURL)\(path)", headers: headers, body: Array(body.utf8))
    }

    @Test("the first call records the event and a replay returns the same bytes marked replayed")
    func replayIsByteIdentical() async throws {
        try await TestServer.with { server in
            let machine = try await server.client().createMachine(externalId: "17", name: "Mill")
            let first = try await post(server, key: "k-1")
            #expect(first.status == 200)
            #expect(first.header("Idempotent-Replayed") == nil)
            let receipt = try #require(first.json)
            #expect(receipt["machineId"] as? String == machine.id.uuidString.lowercased())
            #expect(receipt["type"] as? String == "setup.started")
            #expect((receipt["eventId"] as? String)?.count == 26)

            let replay = try await post(server, key: "k-1")
            #expect(replay.status == 200)
            #expect(replay.body == first.body)
            #expect(replay.header("Idempotent-Replayed") == "true")
            #expect(replay.header("Content-Type") == first.header("Content-Type"))

            // The IETF spelling of the header reaches the same record.
            let draftSpelling = try await post(server, key: "k-1", keyHeader: "Idempotency-Key")
            #expect(draftSpelling.body == first.body)
        }
    }

    @Test("the typed client gets the same receipt on a replay and sees the replay flag")
    func clientSeesReplay() async throws {
        try await TestServer.with { server in
            let client = server.client()
            _ = try await client.createMachine(externalId: "17", name: "Mill")
            let event = GenericEvent(machineId: "17", type: "batch.completed", occurredAt: Date(), payload: ["batch": "B-1"])
            let first = try await client.postEvent(event, idempotencyKey: "batch-B-1")
            let second = try await client.postEvent(event, idempotencyKey: "batch-B-1")
            #expect(first.type == "ext.batch.completed")
            #expect(second.eventId == first.eventId)
            #expect(second.receivedAt == first.receivedAt)
            #expect(first.replayed == false)
            #expect(second.replayed == true)
        }
    }

    @Test("the guide's event with a number in its payload, sent twice without a key, is recorded once")
    func derivedKeysAndJSONPayloads() async throws {
        try await TestServer.with { server in
            let client = server.client()
            _ = try await client.createMachine(externalId: "17", name: "Mill")
            let event = GenericEvent(
                machineId: "17", type: "batch.completed", occurredAt: Date(), payload: ["batch": "B-7", "parts": 40, "rework": false]
            )
            let first = try await client.postEvent(event)
            let again = try await client.postEvent(event)
            #expect(again.eventId == first.eventId && again.replayed)
            let setup = try await client.postSetup(SetupEvent(
                machineId: "17", phase: .started, occurredAt: Date(), attributes: ["fixture": "F-3", "tools": 12]
            ))
            #expect(setup.type == "setup.started")
        }
    }

    @Test("the same key with another body is a 409 idempotency-key-reused")
    func reusedKeyIsConflict() async throws {
        try await TestServer.with { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            #expect(try await post(server, key: "k-2").status == 200)
            let other = Self.setupBody.replacingOccurrences(of: "A-100", with: "B-200")
            let reused = try await post(server, key: "k-2", body: other)
            #expect(reused.status == 409)
            #expect(reused.problemKind == "idempotency-key-reused")
            #expect(reused.header("Retry-After") == nil)
        }
    }

    @Test("concurrent duplicates run once: the others get 409 in flight or the replay")
    func concurrentDuplicatesRunOnce() async throws {
        try await TestServer.with { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let responses = try await withThrowingTaskGroup(of: RawResponse.self) { group in
                for _ in 0..<8 { group.addTask { try await post(server, key: "k-3") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let successes = responses.filter { $0.status == 200 }
            let inFlight = responses.filter { $0.status == 409 }
            #expect(successes.count + inFlight.count == 8)
            #expect(successes.count >= 1)
            #expect(Set(successes.map(\.body)).count == 1)
            #expect(successes.filter { $0.header("Idempotent-Replayed") == nil }.count == 1)
            for conflict in inFlight {
                #expect(conflict.problemKind == "idempotency-request-in-flight")
                #expect(conflict.header("Retry-After") != nil)
            }
        }
    }

    @Test("a missing or malformed key is a 400", arguments: [nil, "", String(repeating: "k", count: 300), "has space"])
    func badKeyIsBadRequest(key: String?) async throws {
        try await TestServer.with { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let response = try await post(server, key: key)
            #expect(response.status == 400)
            #expect(response.problemKind?.hasPrefix("idempotency-key") == true)
        }
    }

    @Test("a wrong API key is a 401 and an unknown machine a 404 that does not stick to the key")
    func authAndUnknownMachine() async throws {
        try await TestServer.with { server in
            let wrong = try await post(server, key: "k-4", apiKey: "mtc_wrong")
            #expect(wrong.status == 401)
            let unknown = try await post(server, key: "k-5")
            #expect(unknown.status == 404)
            #expect(unknown.problemKind == "machine-not-found")
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            #expect(try await post(server, key: "k-5").status == 200)
        }
    }

    @Test("ext routes accept the UUID or the external id")
    func machineByUUIDOrExternalId() async throws {
        try await TestServer.with { server in
            let client = server.client()
            let machine = try await client.createMachine(externalId: "17", name: "Mill")
            let byExternal = try await client.cycleTime(machine: "17")
            let byUUID = try await client.cycleTime(machine: machine.id.uuidString)
            #expect(byExternal == byUUID)
            #expect(byExternal.cycleCount == 0)
            #expect(byExternal.lastCycleTime == nil)
            let error = await #expect(throws: CoreClientError.self) { try await client.cycleTime(machine: "../17") }
            #expect(error?.status == 404)
        }
    }
}
