import Foundation
import KafkaKit
import KafkaKitTesting
import Logging
import MTConnectAgentSimulator
import MTConnectCoreClient
import ModbusSimulator
import OutboxKit
import ReferenceServer
import ServiceLifecycle
import Testing

@Suite("Outbox relay to Kafka")
struct KafkaRelayTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let topic = "plant_events"
    static let partitions = 4

    /// One consumed message as the test reads it.
    struct Consumed {
        var key: String
        var id: String
        var type: String
        var subject: String?
        var contentType: String?
        var specVersion: String?
    }

    static func decode(_ message: KafkaConsumedMessage) -> Consumed? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any],
              let id = object["id"] as? String, let type = object["type"] as? String
        else { return nil }
        return Consumed(
            key: String(decoding: message.key, as: UTF8.self), id: id, type: type, subject: object["subject"] as? String,
            contentType: message.contentType, specVersion: object["specversion"] as? String
        )
    }

    func eventually(_ limit: Duration, _ condition: @escaping @Sendable () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("events from an MTConnect agent, an ADAM-6050 and the ext API reach a 3-broker cluster keyed by machine, each exactly once")
    func eventsReachKafkaExactlyOnce() async throws {
        let cluster = try await KafkaMockCluster(brokers: 3)
        try await cluster.createTopic(Self.topic, partitions: Self.partitions, replicationFactor: 3)
        let consumer = try await KafkaTestConsumer(bootstrapServers: cluster.bootstrapServers, topic: Self.topic, partitions: Self.partitions)

        let adam = ADAM6050Simulator(logger: Self.quiet)
        let adamPort = try adam.start()
        defer { adam.stop() }
        var agentConfiguration = AgentSimulatorConfiguration()
        agentConfiguration.stepInterval = .milliseconds(50)
        let agent = AgentSimulator(configuration: agentConfiguration, source: ScriptedMill(cycleLength: 4), logger: Self.quiet)
        let agentGroup = ServiceGroup(configuration: .init(services: [agent], logger: Self.quiet))

        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (mill, lathe, extReceipts) = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await agentGroup.run() }
            defer { tasks.cancelAll() }
            #expect(try await eventually(.seconds(10)) { agent.port != 0 })
            let result = try await TestServer.with(directory: directory, configure: {
                $0.kafkaBrokers = cluster.bootstrapServers
                $0.kafkaTopic = Self.topic
            }) { server in
                let client = server.client()
                let mill = try await client.createMachine(
                    externalId: "17", name: "Mill",
                    source: .mtconnect(agentURL: agent.baseURL, device: "Mill", intervalMilliseconds: 50)
                )
                let lathe = try await client.createMachine(
                    externalId: "18", name: "Lathe",
                    source: .modbus(ModbusSource(host: "127.0.0.1", port: adamPort, pollIntervalMilliseconds: 20, cycleChannel: 0, spindleChannel: 1))
                )
                try await Task.sleep(for: .milliseconds(300))
                for _ in 0..<3 {
                    adam.setInput(0, true)
                    try await Task.sleep(for: .milliseconds(100))
                    adam.setInput(0, false)
                    try await Task.sleep(for: .milliseconds(250))
                }
                let setup = try await client.postSetup(SetupEvent(machineId: "18", phase: .started, occurredAt: Date(), partNumber: "A-100"))
                let generic = try await client.postEvent(GenericEvent(machineId: "17", type: "batch.completed", occurredAt: Date(), payload: ["batch": "B-7"]))
                let measured = try await eventually(.seconds(20)) {
                    let millCycles = try await client.cycleTime(machine: "17").cycleCount
                    let latheCycles = try await client.cycleTime(machine: "18").cycleCount
                    return millCycles >= 2 && latheCycles >= 1
                }
                #expect(measured)
                return (mill, lathe, [setup, generic])
            }
            await agentGroup.triggerGracefulShutdown()
            return result
        }

        // The server has stopped: its relay drained the outbox and the producer flushed.
        let store = try await SQLiteOutboxStore.open(path: directory.appendingPathComponent("server.sqlite").path, logger: Self.quiet)
        let stats = try await store.stats()
        try await store.close()
        #expect(stats.pending == 0 && stats.inFlight == 0 && stats.dead == 0)
        #expect(stats.sent > 0)
        let caughtUp = try await eventually(.seconds(15)) { consumer.messages.count >= stats.sent }
        #expect(caughtUp)
        try await Task.sleep(for: .milliseconds(300))

        let consumed = consumer.messages.compactMap(Self.decode)
        #expect(consumed.count == consumer.messages.count, "every message is CloudEvents JSON")
        #expect(consumed.count == stats.sent, "every outbox event is on the topic once, no more")
        #expect(Set(consumed.map(\.id)).count == consumed.count, "no event id appears twice")
        #expect(consumed.allSatisfy { $0.contentType == "application/cloudevents+json" && $0.specVersion == "1.0" })

        let millKey = mill.id.uuidString.lowercased()
        let latheKey = lathe.id.uuidString.lowercased()
        #expect(Set(consumed.map(\.key)) == [millKey, latheKey])
        #expect(consumed.filter { $0.subject != nil }.allSatisfy { $0.subject == $0.key })
        let cycleKeys = Set(consumed.filter { $0.type == "cycle_time.changed" }.map(\.key))
        #expect(cycleKeys == [millKey, latheKey])
        for receipt in extReceipts {
            let matches = consumed.filter { $0.id == receipt.eventId }
            #expect(matches.count == 1)
            #expect(matches.first?.key == receipt.machineId.uuidString.lowercased())
            #expect(matches.first?.type == receipt.type)
        }
    }

    @Test("with every broker down an ext event stays in the outbox, shutdown still ends promptly, and after a restart it is published once")
    func brokersDownKeepsEventsForRestart() async throws {
        let cluster = try await KafkaMockCluster(brokers: 3)
        try await cluster.createTopic(Self.topic, partitions: Self.partitions, replicationFactor: 3)
        try await cluster.stopBroker(-1)
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configure: (inout ReferenceServerConfiguration) -> Void = {
            $0.kafkaBrokers = cluster.bootstrapServers
            $0.kafkaTopic = Self.topic
            $0.shutdownGracePeriod = .seconds(2)
        }
        let (receipt, shutdownBegan) = try await TestServer.with(directory: directory, configure: configure) { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let receipt = try await server.client().postEvent(GenericEvent(machineId: "17", type: "batch.completed", occurredAt: Date()))
            // Long enough for the relay to try and the producer to give up once.
            try await Task.sleep(for: .seconds(3))
            return (receipt, ContinuousClock.now)
        }
        // Only the shutdown is timed, not start-up on a busy machine: a 2 s grace period must not
        // become the producer's message timeout (30 s) or an unbounded wait.
        #expect(ContinuousClock.now - shutdownBegan < .seconds(12), "a pass waiting on dead brokers does not hold shutdown past the grace period")
        let path = directory.appendingPathComponent("server.sqlite").path
        let store = try await SQLiteOutboxStore.open(path: path, logger: Self.quiet)
        let stats = try await store.stats()
        try await store.close()
        #expect(stats.sent == 0 && stats.pending >= 1 && stats.dead == 0, "nothing was published and nothing was lost")

        try await cluster.startBroker(-1)
        let consumer = try await KafkaTestConsumer(bootstrapServers: cluster.bootstrapServers, topic: Self.topic, partitions: Self.partitions)
        try await TestServer.with(directory: directory, configure: configure) { _ in
            let delivered = try await eventually(.seconds(20)) {
                consumer.messages.compactMap(Self.decode).contains { $0.id == receipt.eventId }
            }
            #expect(delivered)
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(consumer.messages.compactMap(Self.decode).filter { $0.id == receipt.eventId }.count == 1)
    }
}
