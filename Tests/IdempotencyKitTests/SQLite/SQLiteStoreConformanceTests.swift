import IdempotencyKit
import IdempotencyKitConformance
import Testing

@Suite("SQLite store conformance", .timeLimit(.minutes(1)))
struct SQLiteStoreConformanceTests {
    let clock = ManualIdempotencyClock()

    typealias Check = (() async throws -> SQLiteIdempotencyStore, ManualIdempotencyClock) async throws -> Void

    func conform(_ check: Check) async throws {
        try await TemporarySQLiteDatabase.with { database in
            try await check({ try await database.openStore() }, clock)
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

    @Test func followsTheFailurePolicyWhenTheDatabaseIsClosed() async throws {
        try await conform { makeStore, clock in
            try await IdempotencyStoreConformance.storeFailureFollowsThePolicy(makeStore: makeStore, clock: clock) { store in
                try await store.close()
            }
        }
    }
}
