import Foundation
import IdempotencyKit
import Logging
import ServiceLifecycle
import Testing

@Suite("Expiry sweeper", .timeLimit(.minutes(1)))
struct IdempotencyExpirySweeperTests {
    let logger = Logger(label: "sweeper-test", factory: { _ in SwiftLogNoOpLogHandler() })

    func fill(_ store: InMemoryIdempotencyStore, clock: ManualIdempotencyClock, count: Int, prefix: String = "k") async {
        let gate = IdempotencyGate(store: store, clock: clock, logger: logger)
        let fingerprint = RequestFingerprint(method: "POST", path: "/r", body: [])
        for index in 0..<count {
            _ = await gate.execute(scope: .init(principal: "p", route: "r"), key: "\(prefix)\(index)", fingerprint: fingerprint) { _ in
                IdempotentResponse(status: 200)
            }
        }
    }

    @Test func removesOnlyRecordsExpiredByTheInjectedClock() async throws {
        let clock = ManualIdempotencyClock()
        let store = InMemoryIdempotencyStore()
        await fill(store, clock: clock, count: 3)
        clock.advance(by: .seconds(24 * 3600))
        await fill(store, clock: clock, count: 2, prefix: "later")
        let sweeper = IdempotencyExpirySweeper(store: store, clock: clock, logger: logger)
        #expect(try await sweeper.sweep() == 0)
        clock.advance(by: .seconds(6 * 24 * 3600 + 12 * 3600))
        #expect(try await sweeper.sweep() == 3)
        #expect(store.count == 2)
    }

    @Test func sweepsPeriodicallyUntilGracefulShutdown() async throws {
        let clock = ManualIdempotencyClock()
        let store = InMemoryIdempotencyStore()
        let sweeper = IdempotencyExpirySweeper(store: store, interval: .milliseconds(10), clock: clock, logger: logger)
        let group = ServiceGroup(services: [sweeper], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            await fill(store, clock: clock, count: 5)
            #expect(store.count == 5)
            clock.advance(by: .seconds(8 * 24 * 3600))
            let deadline = ContinuousClock.now + .seconds(10)
            while store.count > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(store.count == 0)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
