import IdempotencyKit
import IdempotencyKitConformance
import IdempotencyRedis
import Testing

@Suite(
    "Redis store conformance",
    .enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"),
    .timeLimit(.minutes(1)),
    // One test kills its redis-server; run them one at a time so a loaded machine never
    // mistakes a neighbour's outage or port for its own.
    .serialized
)
struct RedisStoreConformanceTests {
    @Test("the Redis store keeps the store contract", arguments: IdempotencyStoreConformanceCheck.allCases)
    func keepsTheContract(_ check: IdempotencyStoreConformanceCheck) async throws {
        try await RedisStoreFixture.with { fixture in
            try await IdempotencyStoreConformance.run(check, makeStore: { fixture.makeStore() }, clock: ManualIdempotencyClock())
        }
    }

    @Test func followsTheFailurePolicyWhenRedisIsKilled() async throws {
        try await RedisStoreFixture.with { fixture in
            try await IdempotencyStoreConformance.storeFailureFollowsThePolicy(
                makeStore: { fixture.makeStore() },
                clock: ManualIdempotencyClock()
            ) { _ in
                await fixture.server.kill()
            }
        }
    }
}
