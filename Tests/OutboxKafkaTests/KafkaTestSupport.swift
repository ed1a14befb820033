import Foundation
import KafkaKit
import KafkaKitTesting
import Logging
import OutboxKafka
import OutboxKit

/// A mock cluster with a topic, an SQLite outbox, a relay to the cluster and a consumer reading it back.
struct KafkaPipeline {
    static let logger = Logger(label: "outboxkafka-tests")
    static let partitions = 4

    let cluster: KafkaMockCluster
    let store: SQLiteOutboxStore
    let publisher: KafkaOutboxPublisher
    let relay: OutboxRelay<SQLiteOutboxStore>
    let consumer: KafkaTestConsumer
    let directory: String
    let topic = "raw_data"

    init(messageTimeout: Duration = .seconds(5)) async throws {
        cluster = try await KafkaMockCluster(brokers: 3)
        try await cluster.createTopic(topic, partitions: Self.partitions, replicationFactor: 3)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outboxkafka-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try await SQLiteOutboxStore.open(path: directory + "/outbox.sqlite", logger: Self.logger)
        publisher = try await KafkaOutboxPublisher(
            configuration: KafkaOutboxPublisherConfiguration(
                topic: topic,
                bootstrapServers: cluster.bootstrapServers,
                messageTimeout: messageTimeout,
                linger: .milliseconds(1),
                options: ["retry.backoff.ms": "20", "socket.connection.setup.timeout.ms": "1000", "reconnect.backoff.max.ms": "100"],
                flushTimeout: .seconds(2)
            ),
            logger: Self.logger
        )
        relay = OutboxRelay(
            store: store,
            publisher: publisher,
            configuration: OutboxRelayConfiguration(
                batchSize: 100, leaseDuration: .seconds(30), idleInterval: .milliseconds(10), storeRetryInterval: .milliseconds(50),
                backoff: Backoff(initial: .milliseconds(50), maximum: .milliseconds(300)), maxAttempts: 1000
            ),
            logger: Self.logger
        )
        consumer = try await KafkaTestConsumer(bootstrapServers: cluster.bootstrapServers, topic: topic, partitions: Self.partitions)
    }

    static func events(keys: Int, perKey: Int) -> [OutboxEvent] {
        (0..<perKey).flatMap { index in
            (0..<keys).map { key in
                OutboxEvent(
                    partitionKey: "machine-\(key)", type: "machine.sample", source: "/kafka-tests",
                    payload: Array(#"{"machine":\#(key),"index":\#(index)}"#.utf8)
                )
            }
        }
    }

    /// The event ids read back, per consumed message, decoded from the CloudEvents JSON.
    func consumedIDs() -> [(key: String, id: String)] {
        consumer.messages.compactMap { message in
            guard let object = try? JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any],
                  let id = object["id"] as? String else { return nil }
            return (String(decoding: message.key, as: UTF8.self), id)
        }
    }

    /// Waits until the outbox has nothing unsent and every id has been read back.
    func waitUntilDelivered(_ events: [OutboxEvent], timeout: Duration = .seconds(30)) async -> Bool {
        let expected = Set(events.map(\.id.description))
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let stats = try? await store.stats()
            if let stats, stats.pending == 0, stats.inFlight == 0, expected.isSubset(of: Set(consumedIDs().map(\.id))) {
                return true
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func close() async throws {
        await publisher.shutdown()
        try await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
