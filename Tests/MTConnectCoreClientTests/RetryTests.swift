import Foundation
import HTTPTypes
import MTConnectCoreClient
import Testing

@Suite("Client retries")
struct RetryTests {
    static let receipt = #"{"eventId":"01JDQ3Z6R9V6Y1Q2W3E4R5T6Y7","machineId":"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f","type":"setup.started","receivedAt":"2026-01-31T12:00:00.000Z"}"#
    static let problem = #"{"type":"https://mtconnect-core.dev/problems/internal-error","title":"Internal server error","status":503}"#

    func client(_ url: URL, sleeps: SleepRecorder) -> CoreClient {
        CoreClient(configuration: .init(serverURL: url, apiKey: "key", retryPolicy: RetryPolicy(sleep: { sleeps.record($0) })))
    }

    func setup() -> SetupEvent {
        SetupEvent(machineId: "17", phase: .started, occurredAt: Date(timeIntervalSince1970: 1_769_860_800))
    }

    @Test("5xx and 429 are retried after 1 s, 4 s, 10 s with the same idempotency key and body")
    func serverErrorsAreRetriedWithTheSameKey() async throws {
        let server = FlakyServer([
            .init(status: .serviceUnavailable, body: Self.problem),
            .init(status: .tooManyRequests),
            .init(status: .badGateway),
            .init(status: .ok, body: Self.receipt),
        ])
        let sleeps = SleepRecorder()
        let receipt = try await server.run { url in
            try await client(url, sleeps: sleeps).postSetup(setup(), idempotencyKey: "key-1")
        }
        #expect(receipt.eventId == "01JDQ3Z6R9V6Y1Q2W3E4R5T6Y7")
        #expect(receipt.replayed == false)
        #expect(sleeps.delays == [.seconds(1), .seconds(4), .seconds(10)])
        let attempts = server.received
        #expect(attempts.count == 4)
        let keys = Set(attempts.compactMap { $0.headers[HTTPField.Name("X-Idempotency-Key")!] })
        #expect(keys == ["key-1"])
        #expect(Set(attempts.map(\.body)).count == 1)
        #expect(attempts.allSatisfy { $0.headers[HTTPField.Name("X-API-Key")!] == "key" })
    }

    @Test("an automatic idempotency key is derived from the event: the same on retries and for the same event, new for another")
    func automaticKeysAreDerivedFromTheEvent() async throws {
        let server = FlakyServer([
            .init(status: .internalServerError), .init(status: .ok, body: Self.receipt), .init(status: .ok, body: Self.receipt),
            .init(status: .ok, body: Self.receipt),
        ])
        let sleeps = SleepRecorder()
        var changed = setup()
        changed.partNumber = "A-101"
        let other = changed
        try await server.run { url in
            let client = client(url, sleeps: sleeps)
            _ = try await client.postSetup(setup())
            _ = try await client.postSetup(setup())
            _ = try await client.postSetup(other)
        }
        let keys = server.received.compactMap { $0.headers[HTTPField.Name("X-Idempotency-Key")!] }
        #expect(keys.count == 4)
        #expect(keys[0] == keys[1] && keys[1] == keys[2], "a retry and a resend of one event are one request")
        #expect(keys[2] != keys[3])
        #expect(keys[0] == (try CoreClient.derivedIdempotencyKey(route: "/api/ext/setup", for: setup())))
        #expect(keys[0].hasPrefix("sha256-") && keys[0].count == 71)
    }

    @Test("payloads and attributes carry any JSON, and the models round-trip through Codable")
    func jsonPayloads() throws {
        let event = GenericEvent(
            machineId: "17", type: "batch.completed", occurredAt: Date(timeIntervalSince1970: 1_769_860_800.000123),
            payload: ["batch": "B-7", "parts": 40, "rework": false, "note": nil, "sizes": [1.5, 2], "by": ["name": "ivanov"]]
        )
        let decoded = try JSONDecoder().decode(GenericEvent.self, from: JSONEncoder().encode(event))
        #expect(decoded == event)
        var setupWithAttributes = setup()
        setupWithAttributes.attributes = ["fixture": "F-3", "tools": 12]
        #expect(try JSONDecoder().decode(SetupEvent.self, from: JSONEncoder().encode(setupWithAttributes)) == setupWithAttributes)
        #expect(
            try CoreClient.derivedIdempotencyKey(route: "/api/ext/setup", for: setupWithAttributes)
                != CoreClient.derivedIdempotencyKey(route: "/api/ext/setup", for: setup())
        )
    }

    @Test("Retry-After replaces the scheduled wait")
    func retryAfterIsHonoured() async throws {
        let server = FlakyServer([
            .init(status: .tooManyRequests, headers: [.retryAfter: "7"]),
            .init(status: .ok, body: Self.receipt),
        ])
        let sleeps = SleepRecorder()
        _ = try await server.run { url in try await client(url, sleeps: sleeps).postSetup(setup()) }
        #expect(sleeps.delays == [.seconds(7)])
    }

    @Test("after five failed attempts the last problem document is thrown")
    func givesUpAfterFiveAttempts() async throws {
        let server = FlakyServer(Array(repeating: .init(status: .serviceUnavailable, body: Self.problem), count: 6))
        let sleeps = SleepRecorder()
        let error = await #expect(throws: CoreClientError.self) {
            try await server.run { url in try await client(url, sleeps: sleeps).postSetup(setup()) }
        }
        #expect(server.received.count == 5)
        #expect(sleeps.delays == [.seconds(1), .seconds(4), .seconds(10), .seconds(10)])
        #expect(error?.status == 503)
        #expect(error?.problem?.kind == "internal-error")
    }

    @Test("client errors are not retried", arguments: [HTTPResponse.Status.badRequest, .notFound, .unprocessableContent])
    func clientErrorsAreNotRetried(status: HTTPResponse.Status) async throws {
        let server = FlakyServer([.init(status: status), .init(status: .ok, body: Self.receipt)])
        let sleeps = SleepRecorder()
        let error = await #expect(throws: CoreClientError.self) {
            try await server.run { url in try await client(url, sleeps: sleeps).postSetup(setup()) }
        }
        #expect(error?.status == status.code)
        #expect(server.received.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test("a refused connection is retried, then reported as a transport error")
    func networkErrorsAreRetried() async throws {
        // Bind a port, then free it: nothing listens there during the test.
        let url = try await FlakyServer([]).run { $0 }
        let sleeps = SleepRecorder()
        let error = await #expect(throws: CoreClientError.self) {
            try await client(url, sleeps: sleeps).postSetup(setup())
        }
        #expect(error?.isTransportError == true)
        #expect(sleeps.delays.count == 4)
    }
}
