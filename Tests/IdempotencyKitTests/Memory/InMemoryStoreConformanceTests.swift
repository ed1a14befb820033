import IdempotencyKit
import IdempotencyKitConformance
import Testing

@Suite("In-memory store conformance", .timeLimit(.minutes(1)))
struct InMemoryStoreConformanceTests {
    let clock = ManualIdempotencyClock()

    func makeStore() -> InMemoryIdempotencyStore {
        InMemoryIdempotencyStore()
    }

    @Test func executesOnceAndReplaysByteIdenticalResponses() async throws {
        try await IdempotencyStoreConformance.executesOnceAndReplaysByteIdenticalResponses(makeStore: makeStore, clock: clock)
    }

    @Test func storesAndReplaysErrorResponses() async throws {
        try await IdempotencyStoreConformance.errorResponsesAreStoredAndReplayed(makeStore: makeStore, clock: clock)
    }

    @Test func reportsAChangedNestedFieldAsKeyReuse() async throws {
        try await IdempotencyStoreConformance.changedNestedFieldIsReportedAsKeyReuse(makeStore: makeStore, clock: clock)
    }

    @Test func keepsTheSameKeyInTwoScopesIndependent() async throws {
        try await IdempotencyStoreConformance.sameKeyInTwoScopesIsIndependent(makeStore: makeStore, clock: clock)
    }

    @Test func storesOnlyTheReplayedHeaders() async throws {
        try await IdempotencyStoreConformance.onlyReplayedHeadersAreStored(makeStore: makeStore, clock: clock)
    }

    @Test func executesOneOfAHundredConcurrentIdenticalRequests() async throws {
        try await IdempotencyStoreConformance.concurrentIdenticalRequestsExecuteOnce(makeStore: makeStore, clock: clock)
    }

    @Test func letsOneOfSeveralRacingRetriesTakeOverAStaleRecord() async throws {
        try await IdempotencyStoreConformance.racingRetriesForAStaleRecordHaveOneWinner(makeStore: makeStore, clock: clock)
    }

    @Test func conflictsAfterACrashUntilTheLeaseEndsThenRunsOnce() async throws {
        try await IdempotencyStoreConformance.crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce(makeStore: makeStore, clock: clock)
    }

    @Test func requiresTheCurrentLeaseTokenToCompleteReleaseOrTakeOver() async throws {
        try await IdempotencyStoreConformance.leaseOperationsRequireTheCurrentToken(makeStore: makeStore, clock: clock)
    }

    @Test func releasesTheClaimWhenTheWorkThrows() async throws {
        try await IdempotencyStoreConformance.failedWorkReleasesTheClaim(makeStore: makeStore, clock: clock)
    }

    @Test func expiresRecordsAfterTheTTL() async throws {
        try await IdempotencyStoreConformance.recordsExpireAfterTheTTL(makeStore: makeStore, clock: clock)
    }

    @Test func keepsOneRecordedResponseWhenTimePassesMidRequest() async throws {
        try await IdempotencyStoreConformance.expiryMidRequestKeepsOneRecordedResponse(makeStore: makeStore, clock: clock)
    }

    @Test func rejectsMissingAndMalformedKeysBeforeRunningTheWork() async throws {
        try await IdempotencyStoreConformance.missingAndMalformedKeysNeverReachTheWork(makeStore: makeStore, clock: clock)
    }

    @Test func reportsOversizedResponsesWithoutStoringThem() async throws {
        try await IdempotencyStoreConformance.oversizedResponsesAreReportedNotStored(makeStore: makeStore, clock: clock)
    }
}
