import Foundation
import Logging
import Synchronization
import OutboxKit
import Testing

@Suite struct OutboxRelayTests {
    static let logger = Logger(label: "outboxkit-tests")

    static func events(keys: Int, perKey: Int) -> [OutboxEvent] {
        (0..<perKey).flatMap { index in
            (0..<keys).map { key in
                OutboxEvent(partitionKey: "machine-\(key)", type: "test", source: "/relay-tests", payload: Array("\(key):\(index)".utf8))
            }
        }
    }

    static func fastConfiguration(owner: String = "relay-\(ULID())", batchSize: Int = 50) -> OutboxRelayConfiguration {
        OutboxRelayConfiguration(
            owner: owner, batchSize: batchSize, leaseDuration: .seconds(30), idleInterval: .milliseconds(5),
            storeRetryInterval: .milliseconds(20), backoff: Backoff(initial: .milliseconds(2), maximum: .milliseconds(20)),
            maxAttempts: 100
        )
    }

    @Test func relayPublishesEveryEventOnceInKeyOrderAndMarksItSent() async throws {
        let store = InMemoryOutboxStore()
        let publisher = RecordingPublisher()
        let events = Self.events(keys: 3, perKey: 4)
        try await store.append(events)
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: Self.fastConfiguration(batchSize: 5), logger: Self.logger)

        var passes: [OutboxRelayPass] = []
        while true {
            let pass = try await relay.runOnce()
            if pass.claimed == 0 { break }
            passes.append(pass)
        }
        #expect(passes.map(\.claimed) == [5, 5, 2])
        #expect(publisher.delivered.map(\.id) == events.map(\.id))
        let stats = try await store.stats()
        #expect(stats.sent == events.count && stats.pending == 0 && stats.inFlight == 0)
    }

    @Test func failingHeadHoldsBackItsKeyButOtherKeysFlow() async throws {
        let store = InMemoryOutboxStore()
        let clock = ManualClock()
        let a1 = OutboxEvent(partitionKey: "a", type: "t", source: "/s", payload: [1])
        let a2 = OutboxEvent(partitionKey: "a", type: "t", source: "/s", payload: [2])
        let b1 = OutboxEvent(partitionKey: "b", type: "t", source: "/s", payload: [3])
        try await store.append([a1, a2, b1])
        let publisher = RecordingPublisher { event, attempt in
            event.id == a1.id && attempt == 1 ? OutboxPublishFailure("broker unavailable") : nil
        }
        var configuration = Self.fastConfiguration()
        configuration.backoff = Backoff(initial: .seconds(10), maximum: .seconds(300), jitter: 0)
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: configuration, logger: Self.logger, now: { clock.now })

        let first = try await relay.runOnce()
        #expect(first.claimed == 3 && first.sent == 1 && first.retried == 1 && first.released == 1)
        #expect(publisher.delivered.map(\.id) == [a2.id, b1.id])
        #expect(try await store.event(a2.id)?.status == .pending)
        #expect(try await relay.runOnce().claimed == 0)

        clock.advance(by: 10)
        let second = try await relay.runOnce()
        #expect(second.sent == 2)
        // a2 was delivered early once; its last copy follows a1.
        #expect(publisher.delivered.map(\.id) == [a2.id, b1.id, a1.id, a2.id])
        #expect(try await store.event(a1.id)?.lastError == "broker unavailable")
    }

    @Test func eventBecomesDeadAfterMaxAttemptsAndCanBeRetried() async throws {
        let store = InMemoryOutboxStore()
        let clock = ManualClock()
        let healthy = Mutex(false)
        let publisher = RecordingPublisher { _, _ in healthy.withLock { $0 } ? nil : OutboxPublishFailure("rejected") }
        let event = OutboxEvent(partitionKey: "a", type: "t", source: "/s", payload: [1])
        try await store.append([event])
        var configuration = Self.fastConfiguration()
        configuration.maxAttempts = 3
        configuration.backoff = Backoff(initial: .seconds(1), maximum: .seconds(300), jitter: 0)
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: configuration, logger: Self.logger, now: { clock.now })

        #expect(try await relay.runOnce().retried == 1)
        clock.advance(by: 1)
        #expect(try await relay.runOnce().retried == 1)
        clock.advance(by: 2)
        #expect(try await relay.runOnce().dead == 1)
        clock.advance(by: 3600)
        #expect(try await relay.runOnce().claimed == 0)
        let dead = try await store.listDead(limit: 10, after: nil)
        #expect(dead.map(\.id) == [event.id])
        #expect(dead.first?.attempts == 3)

        healthy.withLock { $0 = true }
        #expect(try await store.retryDead([event.id], now: clock.now) == 1)
        #expect(try await relay.runOnce().sent == 1)
        #expect(publisher.delivered.map(\.id) == [event.id])
    }

    @Test func permanentFailureGoesStraightToDeadLetters() async throws {
        let store = InMemoryOutboxStore()
        let publisher = RecordingPublisher { _, _ in OutboxPublishFailure("message too large", isPermanent: true) }
        try await store.append([OutboxEvent(partitionKey: "a", type: "t", source: "/s", payload: [1])])
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: Self.fastConfiguration(), logger: Self.logger)
        let pass = try await relay.runOnce()
        #expect(pass.dead == 1 && pass.retried == 0)
        #expect(try await store.listDead(limit: 5, after: nil).first?.lastError == "message too large")
    }

    @Test func abandonedLeaseIsPublishedAgainWithTheSameID() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("crash.sqlite"), logger: Self.logger)
        let clock = ManualClock()
        let event = OutboxEvent(partitionKey: "a", type: "t", source: "/s", payload: [1])
        try await store.append([event])

        // A relay that published and died before marking sent: its lease is left behind.
        let crashed = try await store.claim(owner: "crashed-relay", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: clock.now)
        #expect(crashed.map(\.id) == [event.id])

        let publisher = RecordingPublisher()
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: Self.fastConfiguration(), logger: Self.logger, now: { clock.now })
        #expect(try await relay.runOnce().claimed == 0)
        clock.advance(by: 31)
        #expect(try await relay.runOnce().sent == 1)
        #expect(publisher.delivered.map(\.id) == [event.id])
        #expect(try await store.event(event.id)?.attempts == 2)
        #expect(try await store.markSent([event.id], owner: "crashed-relay", now: clock.now) == 0)
        try await store.close()
    }

    @Test func sentEventsArePurgedAfterTheRetentionPeriod() async throws {
        let store = InMemoryOutboxStore()
        let clock = ManualClock()
        try await store.append(Self.events(keys: 2, perKey: 2))
        var configuration = Self.fastConfiguration()
        configuration.sentRetention = .seconds(60)
        configuration.purgeInterval = .milliseconds(1)
        let relay = OutboxRelay(store: store, publisher: RecordingPublisher(), configuration: configuration, logger: Self.logger, now: { clock.now })
        #expect(try await relay.runOnce().sent == 4)
        clock.advance(by: 61)

        let task = Task { try await relay.run() }
        let purged = await eventually { (try? await store.stats().sent) == 0 }
        task.cancel()
        try await task.value
        #expect(purged)
    }

    @Test func failedEventsWaitOneSecondDoublingToFiveMinutesWithJitterByDefault() {
        #expect(OutboxRelayConfiguration().backoff == Backoff(initial: .seconds(1), maximum: .seconds(300), multiplier: 2, jitter: 0.2))
    }
}
