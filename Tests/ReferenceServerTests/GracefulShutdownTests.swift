import AsyncHTTPClient
import Foundation
import Logging
import MTConnectCoreClient
import NIOCore
import OutboxKit
import ReferenceServer
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

@Suite("Graceful shutdown")
struct GracefulShutdownTests {
    static let eventBody = Array(#"{"machineId":"17","type":"batch.completed","occurredAt":"2026-01-31T12:00:00Z","payload":{"batch":"B-9"}}"#.utf8)

    /// Posts an ext event whose body arrives in two halves, calling `interrupt` between them;
    /// returns the status and the receipt.
    func postSlowly(to base: String, apiKey: String, interrupt: () async -> Void) async throws -> (Int, [String: Any]?) {
        let body = Self.eventBody
        let (chunks, writer) = AsyncStream.makeStream(of: ByteBuffer.self)
        var request = HTTPClientRequest(url: "\(base)/api/ext/event")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Idempotency-Key", value: "slow-1")
        request.body = .stream(chunks, length: .known(Int64(body.count)))
        async let response = HTTPClient.shared.execute(request, timeout: .seconds(20))
        writer.yield(ByteBuffer(bytes: body[..<40]))
        try await Task.sleep(for: .milliseconds(200))
        await interrupt()
        try await Task.sleep(for: .milliseconds(300))
        writer.yield(ByteBuffer(bytes: body[40...]))
        writer.finish()
        let answer = try await response
        let bytes = try await answer.body.collect(upTo: 1 << 20)
        return (Int(answer.status.code), try? JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any])
    }

    @Test(
        "SIGTERM to a running mtc-server lets a slow request finish and the process exits 0",
        .enabled(if: ChildProcess.siblingExecutable(named: "mtc-server") != nil, "mtc-server is not built beside the test bundle (run `swift build`)")
    )
    func sigtermStopsTheExecutableGracefully() async throws {
        let executable = try #require(ChildProcess.siblingExecutable(named: "mtc-server"))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestServer.configuration(directory: directory)
        configuration.port = try ChildProcess.freePort()
        let apiKey = try await ReferenceServer.createAPIKey(name: "tests", configuration: configuration, logger: logger)
        let adminToken = try await TokenIssuer(configuration: configuration).issue(subject: "admin", role: .admin)
        let child = try ChildProcess.spawn(executable, environment: [
            "MTC_DATABASE": configuration.databasePath, "MTC_PORT": String(configuration.port),
            "MTC_JWT_SECRET": TestServer.jwtSecret, "MTC_INTERNAL_TOKEN": TestServer.internalToken, "MTC_LOG_LEVEL": "error",
        ])
        let base = "http://127.0.0.1:\(configuration.port)"
        try await child.killedOnError {
            try await withTimeout(.seconds(60)) {
                while (try? await send(.GET, "\(base)/healthz"))?.status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            let admin = CoreClient(configuration: .init(serverURL: URL(string: base)!, accessToken: adminToken, retryPolicy: .none))
            _ = try await admin.createMachine(externalId: "17", name: "Mill")
            let (status, receipt) = try await postSlowly(to: base, apiKey: apiKey) { child.signal(SIGTERM) }
            #expect(status == 200)
            #expect((receipt?["eventId"] as? String)?.count == 26)
        }
        let exitStatus = await child.waitForExit(within: .seconds(15))
        #expect(exitStatus == 0, "mtc-server exits 0 within 15 s of SIGTERM")
        let store = try await SQLiteOutboxStore.open(path: configuration.databasePath, logger: logger)
        let stats = try await store.stats()
        try await store.close()
        #expect(stats.pending == 0 && stats.inFlight == 0 && stats.sent >= 1, "the relay drained the outbox before exiting")
    }

    @Test("a request in flight when shutdown begins completes, its event is published, and the server ends promptly")
    func inFlightRequestCompletes() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = TestServer.configuration(directory: directory)
        let apiKey = try await ReferenceServer.createAPIKey(name: "tests", configuration: configuration, logger: logger)
        let adminToken = try await TokenIssuer(configuration: configuration).issue(subject: "admin", role: .admin)
        let publisher = InProcessPublisher()
        let published = publisher.subscribe()
        let server = ReferenceServer(configuration: configuration, publisher: publisher, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let port = try await withTimeout(.seconds(30)) { try await server.listeningPort() }
            let base = "http://127.0.0.1:\(port)"
            let admin = CoreClient(configuration: .init(serverURL: URL(string: base)!, accessToken: adminToken, retryPolicy: .none))
            let machine = try await admin.createMachine(externalId: "17", name: "Mill")

            // A slow upload: the body arrives in two halves with the shutdown between them.
            let shutdownStarted = Mutex<ContinuousClock.Instant?>(nil)
            let (status, receipt) = try await postSlowly(to: base, apiKey: apiKey) {
                shutdownStarted.withLock { $0 = .now }
                await group.triggerGracefulShutdown()
            }
            #expect(status == 200)
            let eventId = try #require(receipt?["eventId"] as? String)
            #expect(receipt?["machineId"] as? String == machine.id.uuidString.lowercased())

            // Whichever ends first: the server group (good) or the watchdog (a hang).
            tasks.addTask {
                try await Task.sleep(for: .seconds(15))
                throw TimeoutError()
            }
            try await tasks.next()
            let stopped = ContinuousClock.now - (shutdownStarted.withLock { $0 } ?? .now)
            #expect(stopped < .seconds(10), "the server ended within its grace period")

            let types = try await withTimeout(.seconds(5)) {
                var seen: [String: String] = [:]
                for await event in published {
                    seen[event.id.description] = event.type
                    if seen[eventId] != nil { break }
                }
                return seen
            }
            #expect(types[eventId] == "ext.batch.completed")
        }

        // Nothing was left behind in the outbox.
        let store = try await SQLiteOutboxStore.open(path: configuration.databasePath, logger: logger)
        let stats = try await store.stats()
        try await store.close()
        #expect(stats.pending == 0 && stats.inFlight == 0)
    }
}
