import Foundation
import Logging
import Metrics
import MetricsTestKit
import OutboxKit
import ServiceLifecycle
import Synchronization
import Testing

@Suite(.timeLimit(.minutes(1))) struct OutboxRelayConcurrencyTests {
    static let logger = Logger(label: "outboxkit-tests")

    static func configuration(batchSize: Int = 50) -> OutboxRelayConfiguration {
        OutboxRelayConfiguration(
            batchSize: batchSize, leaseDuration: .seconds(30), idleInterval: .milliseconds(5), storeRetryInterval: .milliseconds(20),
            backoff: Backoff(initial: .milliseconds(1), maximum: .milliseconds(10)), maxAttempts: 1000
        )
    }

    static func runUntilDrained<S: OutboxStore>(_ relays: [OutboxRelay<S>], store: S, timeout: Duration = .seconds(40)) async throws -> Bool {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for relay in relays { group.addTask { try await relay.run() } }
            let drained = await eventually(timeout: timeout) {
                guard let stats = try? await store.stats() else { return false }
                return stats.pending == 0 && stats.inFlight == 0
            }
            group.cancelAll()
            try await group.waitForAll()
            return drained
        }
    }

    @Test func twoRelaysOnOneSQLiteFileNeverPublishTheSameEventConcurrently() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("shared.sqlite")
        let first = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        let second = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        let events = OutboxRelayTests.events(keys: 10, perKey: 60)
        try await first.append(events)

        // The delay widens the window in which a second relay could grab the same events.
        let publisher = RecordingPublisher(delay: .milliseconds(2))
        let relays = [
            OutboxRelay(store: first, publisher: publisher, configuration: Self.configuration(batchSize: 25), logger: Self.logger),
            OutboxRelay(store: second, publisher: publisher, configuration: Self.configuration(batchSize: 25), logger: Self.logger),
        ]
        #expect(try await Self.runUntilDrained(relays, store: first))

        #expect(publisher.concurrentDuplicates.isEmpty)
        let delivered = publisher.delivered.map(\.id)
        #expect(delivered.count == events.count, "no event published twice")
        #expect(Set(delivered) == Set(events.map(\.id)))
        for key in Set(events.map(\.partitionKey)) {
            #expect(publisher.delivered.filter { $0.partitionKey == key }.map(\.id) == events.filter { $0.partitionKey == key }.map(\.id))
        }
        try await first.close()
        try await second.close()
    }

    @Test func randomisedRunWithTenPercentFailuresDeliversEveryEvent() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("random.sqlite"), logger: Self.logger)
        let events = OutboxRelayTests.events(keys: 25, perKey: 120)
        for chunk in stride(from: 0, to: events.count, by: 200) {
            try await store.append(Array(events[chunk..<min(chunk + 200, events.count)]))
        }
        let failures = Mutex(0)
        let publisher = RecordingPublisher { _, _ in
            guard Double.random(in: 0..<1) < 0.1 else { return nil }
            failures.withLock { $0 += 1 }
            return OutboxPublishFailure("injected failure")
        }
        let relays = (0..<2).map { _ in
            OutboxRelay(store: store, publisher: publisher, configuration: Self.configuration(batchSize: 200), logger: Self.logger)
        }
        #expect(try await Self.runUntilDrained(relays, store: store))

        #expect(failures.withLock { $0 } > events.count / 20)
        let deliveredIDs = Set(publisher.delivered.map(\.id))
        let missing = events.filter { !deliveredIDs.contains($0.id) }
        #expect(missing.isEmpty, "no id missing")
        let stats = try await store.stats()
        #expect(stats.sent == events.count && stats.dead == 0)
        // The last copy of every event arrives in key order.
        for key in Set(events.map(\.partitionKey)) {
            var lastCopies: [ULID] = []
            for event in publisher.delivered where event.partitionKey == key {
                lastCopies.removeAll { $0 == event.id }
                lastCopies.append(event.id)
            }
            #expect(lastCopies == events.filter { $0.partitionKey == key }.map(\.id))
        }
        try await store.close()
    }

    @Test func rolledBackTransactionIsNeverPublishedByARunningRelay() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("rollback.sqlite"), logger: Self.logger)
        let publisher = RecordingPublisher()
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: Self.configuration(), logger: Self.logger)
        let task = Task { try await relay.run() }

        struct Abort: Error {}
        let doomed = OutboxEvent(partitionKey: "m", type: "t", source: "/s", payload: [0])
        let kept = OutboxEvent(partitionKey: "m", type: "t", source: "/s", payload: [1])
        await #expect(throws: Abort.self) {
            try await store.withTransaction { connection in
                try await store.append([doomed], in: connection)
                throw Abort()
            }
        }
        try await store.append([kept])
        #expect(await eventually { publisher.delivered.contains { $0.id == kept.id } })
        task.cancel()
        try await task.value
        #expect(!publisher.delivered.contains { $0.id == doomed.id })
        #expect(try await store.event(doomed.id) == nil)
        try await store.close()
    }

    @Test func relayStopsOnGracefulShutdownOfItsServiceGroup() async throws {
        let store = InMemoryOutboxStore()
        let relay = OutboxRelay(store: store, publisher: InProcessPublisher(), configuration: Self.configuration(), logger: Self.logger)
        let group = ServiceGroup(services: [relay], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func inProcessSubscribersReceiveEveryEventInOrder() async throws {
        let store = InMemoryOutboxStore()
        let publisher = InProcessPublisher()
        let first = publisher.subscribe()
        let second = publisher.subscribe()
        let events = OutboxRelayTests.events(keys: 2, perKey: 5)
        try await store.append(events)
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: Self.configuration(), logger: Self.logger)
        #expect(try await relay.runOnce().sent == events.count)
        publisher.finish()
        var firstIDs: [ULID] = []
        for await event in first { firstIDs.append(event.id) }
        var secondIDs: [ULID] = []
        for await event in second { secondIDs.append(event.id) }
        #expect(firstIDs == events.map(\.id))
        #expect(secondIDs == events.map(\.id))
        #expect(publisher.subscriberCount == 0)
        #expect(await publisher.publish(events).allSatisfy { $0 != .delivered })
    }

    @Test func relayReportsPublishedRetriedDeadAndLagMetrics() async throws {
        let metrics = TestMetrics()
        let store = InMemoryOutboxStore()
        let events = OutboxRelayTests.events(keys: 3, perKey: 1)
        try await store.append(events)
        let publisher = RecordingPublisher { event, _ in
            if event.id == events[0].id { return OutboxPublishFailure("retry me") }
            if event.id == events[1].id { return OutboxPublishFailure("poison", isPermanent: true) }
            return nil
        }
        var configuration = Self.configuration()
        configuration.metricsPrefix = "test_outbox_\(ULID())".lowercased()
        let prefix = configuration.metricsPrefix
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: configuration, logger: Self.logger, metricsFactory: metrics)
        let pass = try await relay.runOnce()
        #expect(pass.sent == 1 && pass.retried == 1 && pass.dead == 1)
        #expect(try metrics.expectCounter("\(prefix)_published_total").totalValue == 1)
        #expect(try metrics.expectCounter("\(prefix)_retried_total").totalValue == 1)
        #expect(try metrics.expectCounter("\(prefix)_dead_total").totalValue == 1)
        try await relay.refreshStatsNow()
        #expect(try metrics.expectGauge("\(prefix)_pending").lastValue == 1)
        #expect(try metrics.expectGauge("\(prefix)_dead_letters").lastValue == 1)
        #expect((try metrics.expectGauge("\(prefix)_lag_seconds").lastValue ?? -1) >= 0)
    }
}
