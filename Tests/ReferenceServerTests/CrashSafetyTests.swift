import Foundation
import GRDB
import KafkaKit
import KafkaKitTesting
import Logging
import ReferenceServer
import Synchronization
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 at random moments under concurrent ext and ingest clients that retry with their
/// keys, then: everything acknowledged is stored exactly once, replays answer the same bytes,
/// every event reaches Kafka under its one id, the file is intact.
@Suite("Crash safety of mtc-server", .serialized)
struct CrashSafetyTests {
    static let topic = "raw_data"

    /// What a client got acknowledged: the key, the body it sent and the answer's bytes.
    struct Acknowledged: Sendable {
        var path: String
        var key: String
        var body: [UInt8]
        var answer: [UInt8]
    }

    /// The running child and how to start it again on the same file and port.
    final class Server: Sendable {
        let executable: String
        let environment: [String: String]
        let port: Int
        private let child = Mutex<ChildProcess?>(nil)

        init(executable: String, environment: [String: String], port: Int) {
            self.executable = executable
            self.environment = environment
            self.port = port
        }

        var base: String { "http://127.0.0.1:\(port)" }

        func start() async throws {
            let process = try ChildProcess.spawn(executable, environment: environment)
            child.withLock { $0 = process }
            try await withTimeout(.seconds(60)) {
                while (try? await send(.GET, "\(self.base)/healthz"))?.status != 200 {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }

        func kill9() {
            guard let process = child.withLock({ $0 }) else { return }
            process.signal(SIGKILL)
            var status: Int32 = 0
            _ = waitpid(process.pid, &status, 0)
        }

        func terminate() async {
            guard let process = child.withLock({ $0 }) else { return }
            process.signal(SIGTERM)
            _ = await process.waitForExit(within: .seconds(30))
        }
    }

    @Test(
        "SIGKILL storms lose nothing acknowledged, store nothing twice and keep every replay byte for byte",
        .enabled(if: ChildProcess.siblingExecutable(named: "mtc-server") != nil, "mtc-server is not built beside the test bundle (run `swift build`)"),
        .timeLimit(.minutes(5))
    )
    func killStormLosesNothingAcknowledged() async throws {
        let seed = SeededGenerator.fromEnvironment(label: "CrashSafetyTests").seed
        let executable = try #require(ChildProcess.siblingExecutable(named: "mtc-server"))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = TestServer.configuration(directory: directory)
        configuration.port = try ChildProcess.freePort()
        let apiKey = try await ReferenceServer.createAPIKey(name: "crash", configuration: configuration, logger: logger)
        let adminToken = try await TokenIssuer(configuration: configuration).issue(subject: "admin", role: .admin)

        let cluster = try await KafkaMockCluster(brokers: 1)
        try await cluster.createTopic(Self.topic, partitions: 1)
        let consumer = try await KafkaTestConsumer(bootstrapServers: cluster.bootstrapServers, topic: Self.topic, partitions: 1)

        let server = Server(executable: executable, environment: [
            "MTC_DATABASE": configuration.databasePath, "MTC_PORT": String(configuration.port), "MTC_HOST": "127.0.0.1",
            "MTC_JWT_SECRET": TestServer.jwtSecret, "MTC_INTERNAL_TOKEN": TestServer.internalToken, "MTC_LOG_LEVEL": "error",
            "MTC_KAFKA_BROKERS": cluster.bootstrapServers, "MTC_KAFKA_TOPIC": Self.topic,
        ], port: configuration.port)
        try await server.start()
        let created = try await send(
            .POST, "\(server.base)/api/v1/machines",
            headers: [("Authorization", "Bearer \(adminToken)"), ("Content-Type", "application/json")],
            body: Array(#"{"externalId":"m1","name":"Crash lathe","source":{"kind":"none"}}"#.utf8)
        )
        let machine = try #require(created.json?["id"] as? String, "\(created.text)")

        let acknowledged = Locked<[Acknowledged]>([])
        let stop = Locked(false)
        let perClient = 400
        // Two ext clients and two ingest clients; each retries its current request (same key,
        // same body) until it gets an answer, as the consumer's documented policy does.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<4 {
                group.addTask {
                    for n in 0..<perClient where !stop.withLock({ $0 }) {
                        let ingest = client >= 2
                        let key = "c\(client)-\(n)"
                        let path = ingest ? "/internal/machines/\(machine)/data" : "/api/ext/event"
                        let body = ingest ? Self.batch(client: client, n: n) : Self.event(client: client, n: n)
                        let credentials = ingest ? ("Authorization", "Bearer \(TestServer.internalToken)") : ("X-API-Key", apiKey)
                        while !stop.withLock({ $0 }) {
                            let response = try? await send(
                                .POST, "\(server.base)\(path)",
                                headers: [credentials, ("Content-Type", "application/json"), ("X-Idempotency-Key", key)], body: body
                            )
                            if let response, (200..<300).contains(response.status) {
                                acknowledged.withLock { $0.append(Acknowledged(path: path, key: key, body: body, answer: response.body)) }
                                break
                            }
                            if let response, response.status != 409, response.status < 500 {
                                Issue.record("\(path) \(key): \(response.status) \(response.text)")
                                break
                            }
                            try await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
            group.addTask {
                var generator = SeededGenerator(seed: seed)
                for _ in 0..<12 {
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...700, using: &generator)))
                    server.kill9()
                    try await server.start()
                }
                try await Task.sleep(for: .seconds(1))
                stop.withLock { $0 = true }
            }
            try await group.waitForAll()
        }

        let acks = acknowledged.withLock { $0 }
        #expect(acks.count > 100, "only \(acks.count) requests were acknowledged")
        // Every acknowledged key replays its first answer byte for byte, and stores nothing new.
        for ack in acks {
            let credentials = ack.path.hasPrefix("/internal") ? ("Authorization", "Bearer \(TestServer.internalToken)") : ("X-API-Key", apiKey)
            let replay = try await send(
                .POST, "\(server.base)\(ack.path)",
                headers: [credentials, ("Content-Type", "application/json"), ("X-Idempotency-Key", ack.key)], body: ack.body
            )
            #expect(replay.status == 200 && replay.body == ack.answer && replay.header("Idempotent-Replayed") == "true",
                    "\(ack.key): \(replay.status) \(replay.text) vs \(String(decoding: ack.answer, as: UTF8.self))")
        }
        // Every stored event reaches Kafka under its own id, also those a killed server had
        // claimed (their lease runs out, then the running server publishes them).
        let stored = try await DatabaseQueue(path: configuration.databasePath).read { db in
            try String.fetchAll(db, sql: "SELECT id FROM events")
        }
        let published = await eventually(.seconds(60)) {
            Set(stored).isSubset(of: Set(consumer.messages.compactMap(Self.cloudEventId)))
        }
        let missing = Set(stored).subtracting(consumer.messages.compactMap(Self.cloudEventId))
        #expect(published, "\(missing.count) of \(stored.count) stored events never reached Kafka")
        await server.terminate()

        let database = try DatabaseQueue(path: configuration.databasePath)
        let (integrity, eventIds, sequences) = try await database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try String.fetchAll(db, sql: "SELECT id FROM events"),
             try Int.fetchAll(db, sql: "SELECT sequence FROM telemetry"))
        }
        #expect(integrity == "ok")
        // Exactly once: every acknowledged event and sample is there, nothing twice.
        let receipts = acks.filter { $0.path == "/api/ext/event" }.compactMap { ack in
            (try? JSONSerialization.jsonObject(with: Data(ack.answer)) as? [String: Any])?["eventId"] as? String
        }
        #expect(Set(receipts).isSubset(of: Set(eventIds)))
        #expect(Set(eventIds).count == eventIds.count)
        #expect(Set(sequences).count == sequences.count, "a batch was stored twice")
        let acknowledgedSequences = acks.filter { $0.path.hasPrefix("/internal") }.flatMap { ack -> [Int] in
            let parts = ack.key.dropFirst().split(separator: "-").compactMap { Int($0) }
            return Self.sequences(client: parts[0], n: parts[1])
        }
        #expect(Set(acknowledgedSequences).isSubset(of: Set(sequences)))
        _ = consumer
    }

    static func event(client: Int, n: Int) -> [UInt8] {
        Array(#"{"machineId":"m1","type":"crash.test","occurredAt":"2026-01-31T12:00:00.123456Z","payload":{"client":\#(client),"n":\#(n)}}"#.utf8)
    }

    static func sequences(client: Int, n: Int) -> [Int] {
        (0..<10).map { client * 1_000_000 + n * 10 + $0 }
    }

    static func batch(client: Int, n: Int) -> [UInt8] {
        let items = sequences(client: client, n: n).map { sequence in
            #"{"dataItemId":"Xpos","timestamp":"2026-01-31T12:00:00.000001Z","category":"SAMPLE","sequence":\#(sequence),"value":\#(sequence)}"#
        }
        return Array(#"{"observations":[\#(items.joined(separator: ","))]}"#.utf8)
    }

    static func cloudEventId(_ message: KafkaConsumedMessage) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any])?["id"] as? String
    }

    func eventually(_ limit: Duration, _ condition: @escaping @Sendable () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}

/// A value shared by the storm's tasks (a `Mutex` local cannot be captured by them).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result: Sendable>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
