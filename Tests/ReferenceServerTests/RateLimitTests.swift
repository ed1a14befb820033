import Foundation
import MTConnectCoreClient
@testable import ReferenceServer
import Synchronization
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test("a bucket allows its burst, then refuses with the wait until the next token, then refills")
    func bucketRefills() {
        let clock = ManualClock()
        let limiter = RateLimiter(configuration: RateLimitConfiguration(requestsPerSecond: 0.5, burst: 3), now: { clock.now })
        #expect((0..<3).map { _ in limiter.acquire("a") } == Array(repeating: .allowed, count: 3))
        #expect(limiter.acquire("a") == .limited(retryAfterSeconds: 2))
        #expect(limiter.acquire("b") == .allowed)
        clock.advance(.seconds(1))
        #expect(limiter.acquire("a") == .limited(retryAfterSeconds: 1))
        clock.advance(.seconds(1))
        #expect(limiter.acquire("a") == .allowed)
        #expect(limiter.acquire("a") == .limited(retryAfterSeconds: 2))
        clock.advance(.seconds(60))
        #expect((0..<4).map { _ in limiter.acquire("a") } == [.allowed, .allowed, .allowed, .limited(retryAfterSeconds: 2)])
    }

    @Test("the default allows one caller 1,000 requests per second for a minute, and 0 turns limiting off")
    func defaultIsGenerous() {
        let clock = ManualClock()
        let limiter = RateLimiter(configuration: RateLimitConfiguration(), now: { clock.now })
        var refused = 0
        for _ in 0..<60_000 {
            if limiter.acquire("load-test") != .allowed { refused += 1 }
            clock.advance(.milliseconds(1))
        }
        #expect(refused == 0)
        let off = RateLimiter(configuration: RateLimitConfiguration(requestsPerSecond: 0, burst: 1), now: { clock.now })
        #expect((0..<1000).allSatisfy { _ in off.acquire("x") == .allowed })
    }

    @Test("an API key over its rate gets 429 problem+json with Retry-After, while other keys and probes go on")
    func serverAnswers429() async throws {
        try await TestServer.with(configure: { $0.rateLimit = RateLimitConfiguration(requestsPerSecond: 0.2, burst: 2) }) { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let url = "\(server.baseURL)/api/ext/machines/17/cycle-time"
            var statuses: [Int] = []
            var limited: RawResponse?
            for _ in 0..<3 {
                let response = try await send(.GET, url, headers: [("X-API-Key", server.apiKey)])
                statuses.append(response.status)
                if response.status == 429 { limited = response }
            }
            #expect(statuses == [200, 200, 429])
            let response = try #require(limited)
            #expect(response.header("Retry-After").flatMap(Int.init).map { (1...5).contains($0) } == true)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.problemKind == "rate-limited")

            let otherKey = try await ReferenceServer.createAPIKey(name: "other", configuration: server.configuration, logger: .init(label: "test"))
            #expect(try await send(.GET, url, headers: [("X-API-Key", otherKey)]).status == 200)
            #expect(try await send(.GET, "\(server.baseURL)/healthz").status == 200)
            let metrics = try await send(.GET, "\(server.baseURL)/metrics")
            #expect(metrics.text.contains(#"status="429""#))
        }
    }

    @Test("failed authentications from one address are limited before the key is looked up, and probes go on")
    func failedAuthenticationIsLimitedPerAddress() async throws {
        try await TestServer.with(configure: { $0.addressRateLimit = RateLimitConfiguration(requestsPerSecond: 0.2, burst: 3) }) { server in
            let url = "\(server.baseURL)/api/ext/machines/17/cycle-time"
            var statuses: [Int] = []
            var limited: RawResponse?
            for guess in 0..<4 {
                let response = try await send(.GET, url, headers: [("X-API-Key", "mtc_guess_\(guess)")])
                statuses.append(response.status)
                if response.status == 429 { limited = response }
            }
            #expect(statuses == [401, 401, 401, 429])
            let response = try #require(limited)
            #expect(response.header("Retry-After").flatMap(Int.init).map { (1...5).contains($0) } == true)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.problemKind == "rate-limited")
            // The bucket is the address's, not the key's: a valid key from it waits as well.
            #expect(try await send(.GET, url, headers: [("X-API-Key", server.apiKey)]).status == 429)
            #expect(try await send(.GET, "\(server.baseURL)/api/v1/machines").status == 429)
            #expect(try await send(.GET, "\(server.baseURL)/healthz").status == 200)
        }
    }

    @Test("the typed client waits as long as Retry-After says, not its own schedule, and then succeeds")
    func clientHonoursRetryAfter() async throws {
        // One token every 2 s: the second call is refused even on a loaded machine.
        try await TestServer.with(configure: { $0.rateLimit = RateLimitConfiguration(requestsPerSecond: 0.5, burst: 1) }) { server in
            _ = try await server.client().createMachine(externalId: "17", name: "Mill")
            let waits = Mutex<[Duration]>([])
            let policy = RetryPolicy(delays: [.seconds(30)], maximumAttempts: 3) { duration in
                waits.withLock { $0.append(duration) }
                try await Task.sleep(for: duration)
            }
            let client = server.client(retryPolicy: policy)
            _ = try await client.cycleTime(machine: "17")
            let cycle = try await withTimeout(.seconds(10)) { try await client.cycleTime(machine: "17") }
            #expect(cycle.cycleCount == 0)
            let waited = waits.withLock { $0 }
            #expect(waited.count == 1)
            #expect(waited.allSatisfy { $0 == .seconds(1) || $0 == .seconds(2) }, "Retry-After, not the policy's 30 s")

            let impatient = server.client(retryPolicy: .none)
            let error = await #expect(throws: CoreClientError.self) { try await impatient.cycleTime(machine: "17") }
            #expect(error?.status == 429)
            #expect(error?.problem?.kind == "rate-limited")
        }
    }
}
