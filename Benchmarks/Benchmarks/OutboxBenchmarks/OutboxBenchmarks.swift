import Benchmark
import Foundation
import KafkaKit
import KafkaKitTesting
import Logging
import OutboxKafka
import OutboxKit

// Each iteration appends or relays a fixed number of events; divide it by the wall-clock
// time per iteration for events/s. The relay's floor is the bare producer loop below it,
// which sends the same CloudEvents messages through librdkafka without the outbox.
let relayEvents = 20_000
let logger = Logger(label: "outbox-benchmarks")

func events(_ count: Int) -> [OutboxEvent] {
    (0..<count).map { index in
        OutboxEvent(
            partitionKey: "machine-\(index % 50)", type: "machine.sample", source: "/benchmarks",
            payload: Array(#"{"dataItem":"Xact","value":\#(index),"unit":"MILLIMETER"}"#.utf8)
        )
    }
}

struct RelayLeftEventsUnsent: Error, CustomStringConvertible {
    let target: Int
    let stats: OutboxStats
    var description: String { "the relay left events unsent: expected \(target) sent, found \(stats)" }
}

func temporaryFile(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("outbox-bench-\(UUID().uuidString)-\(name)").path
}

func appendBenchmark(batch: Int) -> (Benchmark) async throws -> Void {
    { benchmark in
        let path = temporaryFile("append.sqlite")
        let store = try await SQLiteOutboxStore.open(path: path, logger: logger)
        let batches = benchmark.scaledIterations.map { _ in events(batch) }
        benchmark.startMeasurement()
        for events in batches {
            // One GRDB write per batch: the same transaction as an application's own write.
            try await store.append(events)
        }
        benchmark.stopMeasurement()
        try await store.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 10_000)

    // One event per transaction: the cost of BEGIN/INSERT/COMMIT in WAL mode through GRDB.
    // Floor: none in this run; events/s = throughput.
    Benchmark("Append batch 1 (SQLite, one event per transaction)", configuration: .init(maxDuration: .seconds(5))) { benchmark in
        try await appendBenchmark(batch: 1)(benchmark)
    }

    // 100 events per transaction; events/s = 100 × throughput.
    Benchmark("Append batch 100 (SQLite, 100 events per transaction)", configuration: .init(maxDuration: .seconds(5), maxIterations: 300)) { benchmark in
        try await appendBenchmark(batch: 100)(benchmark)
    }

    // 20,000 committed events relayed from SQLite to a 3-broker mock cluster, pass after pass
    // of `runOnce()` (batches of 2,000 claimed under a lease; CloudEvents encoding, idempotent
    // produce, delivery reports, one mark-sent statement per batch), until every event is
    // marked sent.
    // events/s = 20,000 / wall clock. Goal: at least 50k events/s and 50% of the floor below.
    Benchmark("Relay SQLite to Kafka mock cluster (20k events per iteration, batches of 2000)", configuration: .init(maxDuration: .seconds(20), maxIterations: 5)) { benchmark in
        let cluster = try await KafkaMockCluster(brokers: 3)
        try await cluster.createTopic("raw_data", partitions: 6, replicationFactor: 3)
        let path = temporaryFile("relay.sqlite")
        let store = try await SQLiteOutboxStore.open(path: path, logger: logger)
        let publisher = try await KafkaOutboxPublisher(
            configuration: KafkaOutboxPublisherConfiguration(
                topic: "raw_data", bootstrapServers: cluster.bootstrapServers
            ),
            logger: logger
        )
        let relay = OutboxRelay(
            store: store, publisher: publisher, configuration: OutboxRelayConfiguration(batchSize: 2000), logger: logger
        )
        var target = 0
        for _ in benchmark.scaledIterations {
            let batch = events(relayEvents)
            for chunk in stride(from: 0, to: batch.count, by: 1000) {
                try await store.append(Array(batch[chunk..<min(chunk + 1000, batch.count)]))
            }
            target += relayEvents
            benchmark.startMeasurement()
            var sent = 0
            while sent < relayEvents {
                sent += try await relay.runOnce().sent
            }
            benchmark.stopMeasurement()
            let stats = try await store.stats()
            guard stats.sent == target && stats.pending == 0 && stats.inFlight == 0 else {
                throw RelayLeftEventsUnsent(target: target, stats: stats)
            }
        }
        await publisher.shutdown()
        try await store.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    // The floor: the same 20,000 CloudEvents messages produced straight through KafkaKit's
    // idempotent producer to the same kind of cluster, waiting for every delivery report.
    Benchmark("Bare librdkafka produce loop (20k messages per iteration, the floor)", configuration: .init(maxDuration: .seconds(20), maxIterations: 5)) { benchmark in
        let cluster = try await KafkaMockCluster(brokers: 3)
        try await cluster.createTopic("raw_data", partitions: 6, replicationFactor: 3)
        let producer = try await KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: cluster.bootstrapServers), logger: logger)
        for _ in benchmark.scaledIterations {
            let messages = events(relayEvents).map {
                KafkaOutgoingMessage(
                    topic: "raw_data", key: Array($0.partitionKey.utf8), value: CloudEventJSON.encode($0), contentType: CloudEventJSON.contentType
                )
            }
            benchmark.startMeasurement()
            let reports = await producer.send(messages)
            benchmark.stopMeasurement()
            precondition(reports.allSatisfy { if case .success = $0 { true } else { false } }, "a delivery failed")
        }
        await producer.shutdown()
    }
}
