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
    let clock = ManualIdempotencyClock()

    typealias Check = (() async throws -> RedisIdempotencyStore, ManualIdempotencyClock) async throws -> Void

    func conform(_ check: Check) async throws {
        try await RedisStoreFixture.with { fixture in
            try await check({ fixture.makeStore() }, clock)
        }
    }

    @Test func executesOnceAndReplaysByteIdenticalResponses() async throws {
        try await conform(IdempotencyStoreConformance.executesOnceAndReplaysByteIdenticalResponses)
    }

    @Test func storesAndReplaysErrorResponses() async throws {
        try await conform(IdempotencyStoreConformance.errorResponsesAreStoredAndReplayed)
    }

    @Test func reportsAChangedNestedFieldAsKeyReuse() async throws {
        try await conform(IdempotencyStoreConformance.changedNestedFieldIsReportedAsKeyReuse)
    }

    @Test func keepsTheSameKeyInTwoScopesIndependent() async throws {
        try await conform(IdempotencyStoreConformance.sameKeyInTwoScopesIsIndependent)
    }

    @Test func storesOnlyTheReplayedHeaders() async throws {
        try await conform(IdempotencyStoreConformance.onlyReplayedHeadersAreStored)
    }

    @Test func executesOneOfAHundredConcurrentIdenticalRequests() async throws {
        try await conform { makeStore, clock in
            try await IdempotencyStoreConformance.concurrentIdenticalRequestsExecuteOnce(makeStore: makeStore, clock: clock)
        }
    }

    @Test func letsOneOfSeveralRacingRetriesTakeOverAStaleRecord() async throws {
        try await conform { makeStore, clock in
            try await IdempotencyStoreConformance.racingRetriesForAStaleRecordHaveOneWinner(makeStore: makeStore, clock: clock)
        }
    }

    @Test func conflictsAfterACrashUntilTheLeaseEndsThenRunsOnce() async throws {
        try await conform(IdempotencyStoreConformance.crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce)
    }

    @Test func requiresTheCurrentLeaseTokenToCompleteReleaseOrTakeOver() async throws {
        try await conform(IdempotencyStoreConformance.leaseOperationsRequireTheCurrentToken)
    }

    @Test func releasesTheClaimWhenTheWorkThrows() async throws {
        try await conform(IdempotencyStoreConformance.failedWorkReleasesTheClaim)
    }

    @Test func expiresRecordsAfterTheTTL() async throws {
        try await conform(IdempotencyStoreConformance.recordsExpireAfterTheTTL)
    }

    @Test func keepsOneRecordedResponseWhenTimePassesMidRequest() async throws {
        try await conform(IdempotencyStoreConformance.expiryMidRequestKeepsOneRecordedResponse)
    }

    @Test func rejectsMissingAndMalformedKeysBeforeRunningTheWork() async throws {
        try await conform(IdempotencyStoreConformance.missingAndMalformedKeysNeverReachTheWork)
    }

    @Test func reportsOversizedResponsesWithoutStoringThem() async throws {
        try await conform(IdempotencyStoreConformance.oversizedResponsesAreReportedNotStored)
    }

    @Test func followsTheFailurePolicyWhenRedisIsKilled() async throws {
        try await RedisStoreFixture.with { fixture in
            try await IdempotencyStoreConformance.storeFailureFollowsThePolicy(
                makeStore: { fixture.makeStore() },
                clock: clock
            ) { _ in
                await fixture.server.kill()
            }
        }
    }
}
