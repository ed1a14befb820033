import Foundation
import KafkaKit
import KafkaKitTesting
import OutboxKafka
import OutboxKit
import ServiceLifecycle
import Testing

@Suite(.timeLimit(.minutes(1))) struct KafkaOutboxPublisherTests {
    /// Runs the relay while `body` runs, then stops it.
    func withRelay(_ pipeline: KafkaPipeline, _ body: () async throws -> Void) async throws {
        let relay = pipeline.relay
        let task = Task { try await relay.run() }
        do {
            try await body()
        } catch {
            task.cancel()
            throw error
        }
        task.cancel()
        try? await task.value
    }

    func expectOrderedExactlyOnce(_ pipeline: KafkaPipeline, _ events: [OutboxEvent], allowDuplicates: Bool) {
        let consumed = pipeline.consumedIDs()
        let ids = consumed.map(\.id)
        #expect(Set(ids) == Set(events.map(\.id.description)), "every appended id arrives, none other")
        if !allowDuplicates { #expect(ids.count == events.count, "no duplicates") }
        for key in Set(events.map(\.partitionKey)) {
            let appended = events.filter { $0.partitionKey == key }.map(\.id.description)
            var lastCopies: [String] = []
            for id in consumed.filter({ $0.key == key }).map(\.id) {
                lastCopies.removeAll { $0 == id }
                lastCopies.append(id)
            }
            #expect(lastCopies == appended, "events of \(key) arrive in append order")
        }
    }

    @Test func everyAppendedEventArrivesExactlyOnceInKeyOrder() async throws {
        let pipeline = try await KafkaPipeline()
        let events = KafkaPipeline.events(keys: 5, perKey: 40)
        try await withRelay(pipeline) {
            try await pipeline.store.append(events)
            #expect(await pipeline.waitUntilDelivered(events))
        }
        expectOrderedExactlyOnce(pipeline, events, allowDuplicates: false)
        let message = try #require(pipeline.consumer.messages.first)
        #expect(message.contentType == "application/cloudevents+json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(message.value)) as? [String: Any])
        #expect(object["specversion"] as? String == "1.0")
        #expect((object["data"] as? [String: Any])?["index"] != nil)
        try await pipeline.close()
    }

    @Test func injectedProduceErrorsAreRetriedWithoutLoss() async throws {
        let pipeline = try await KafkaPipeline()
        try await pipeline.cluster.failNextProduceRequests(with: [
            .notLeaderForPartition, .requestTimedOut, .notEnoughReplicas,
            .requestTimedOut, .notLeaderForPartition,
        ])
        let events = KafkaPipeline.events(keys: 3, perKey: 30)
        try await withRelay(pipeline) {
            try await pipeline.store.append(events)
            #expect(await pipeline.waitUntilDelivered(events))
        }
        expectOrderedExactlyOnce(pipeline, events, allowDuplicates: true)
        try await pipeline.close()
    }

    @Test func brokersDownLongerThanTheMessageTimeoutLoseNothing() async throws {
        let pipeline = try await KafkaPipeline(messageTimeout: .milliseconds(400))
        let warmUp = KafkaPipeline.events(keys: 2, perKey: 2)
        let events = KafkaPipeline.events(keys: 3, perKey: 10)
        try await withRelay(pipeline) {
            try await pipeline.store.append(warmUp)
            #expect(await pipeline.waitUntilDelivered(warmUp))
            try await pipeline.cluster.stopBroker(-1)
            try await pipeline.store.append(events)
            let failedWhileDown = await eventually(timeout: .seconds(10)) {
                (try? await pipeline.store.event(events[0].id))?.lastError != nil
            }
            #expect(failedWhileDown, "deliveries time out while the brokers are down")
            try await pipeline.cluster.startBroker(-1)
            #expect(await pipeline.waitUntilDelivered(events))
        }
        expectOrderedExactlyOnce(pipeline, warmUp + events, allowDuplicates: true)
        try await pipeline.close()
    }

    @Test func transportErrorMidFlightIsRecoveredFrom() async throws {
        let pipeline = try await KafkaPipeline()
        let first = KafkaPipeline.events(keys: 3, perKey: 10)
        let second = KafkaPipeline.events(keys: 3, perKey: 10)
        try await withRelay(pipeline) {
            try await pipeline.store.append(first)
            try await pipeline.cluster.failNextProduceRequests(with: [.transport, .transport])
            try await pipeline.store.append(second)
            #expect(await pipeline.waitUntilDelivered(first + second))
        }
        expectOrderedExactlyOnce(pipeline, first + second, allowDuplicates: true)
        try await pipeline.close()
    }

    @Test func fatalProducerErrorRecreatesTheProducerAndTheOutboxResends() async throws {
        let pipeline = try await KafkaPipeline()
        let before = KafkaPipeline.events(keys: 2, perKey: 3)
        let after = KafkaPipeline.events(keys: 2, perKey: 3)
        try await pipeline.store.append(before)
        #expect(try await pipeline.relay.runOnce().sent == before.count)

        await pipeline.publisher.raiseFatalErrorForTesting()
        try await pipeline.store.append(after)
        try await withRelay(pipeline) {
            #expect(await pipeline.waitUntilDelivered(before + after))
        }
        expectOrderedExactlyOnce(pipeline, before + after, allowDuplicates: true)
        try await pipeline.close()
    }

    @Test func serviceGroupStopsTheRelayThenShutsThePublisherDown() async throws {
        let pipeline = try await KafkaPipeline()
        let events = KafkaPipeline.events(keys: 2, perKey: 5)
        let group = ServiceGroup(services: [pipeline.publisher, pipeline.relay], logger: KafkaPipeline.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await pipeline.store.append(events)
            #expect(await pipeline.waitUntilDelivered(events))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let afterShutdown = await pipeline.publisher.publish(events)
        #expect(afterShutdown.allSatisfy { $0 != .delivered })
        try await pipeline.close()
    }

    @Test func publishAfterShutdownFailsAndTheEventStaysPending() async throws {
        let pipeline = try await KafkaPipeline()
        await pipeline.publisher.shutdown()
        let event = KafkaPipeline.events(keys: 1, perKey: 1)
        try await pipeline.store.append(event)
        let pass = try await pipeline.relay.runOnce()
        #expect(pass.retried == 1 && pass.sent == 0)
        #expect(try await pipeline.store.event(event[0].id)?.status == .pending)
        try await pipeline.close()
    }
}

func eventually(timeout: Duration, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}
