import Foundation
import Logging
import OutboxKit
import ServiceLifecycle
import Testing

/// What a graceful shutdown does to events committed while the relay was idle.
@Suite struct OutboxRelayShutdownTests {
    /// Runs a relay that sleeps a minute between passes, appends `count` events once it sleeps,
    /// shuts the group down gracefully and returns what was published and what is still pending.
    static func shutDown(drainLimit: Duration?, count: Int) async throws -> (published: Int, pending: Int) {
        let store = InMemoryOutboxStore()
        let publisher = RecordingPublisher()
        var configuration = OutboxRelayTests.fastConfiguration(batchSize: 50)
        configuration.idleInterval = .seconds(60)
        configuration.shutdownDrainLimit = drainLimit
        let relay = OutboxRelay(store: store, publisher: publisher, configuration: configuration, logger: OutboxRelayTests.logger)
        let group = ServiceGroup(configuration: .init(services: [relay], logger: OutboxRelayTests.logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // The first pass finds nothing; the relay then sleeps for its idle interval.
            try await Task.sleep(for: .milliseconds(200))
            try await store.append(OutboxRelayTests.events(keys: 3, perKey: count / 3))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        return (publisher.delivered.count, try await store.stats().pending)
    }

    @Test("a graceful shutdown publishes what was committed while the relay slept")
    func drainsOnShutdown() async throws {
        let result = try await Self.shutDown(drainLimit: .seconds(5), count: 120)
        #expect(result == (120, 0))
    }

    @Test("without a drain limit the events stay pending for the next start")
    func leavesEventsWithoutDrain() async throws {
        let result = try await Self.shutDown(drainLimit: nil, count: 120)
        #expect(result == (0, 120))
    }
}
