import IdempotencyKit
import Testing

/// One behaviour every ``IdempotencyKit/IdempotencyStore`` must have; pass `allCases` to a
/// parameterized test and run each with
/// ``IdempotencyStoreConformance/run(_:makeStore:clock:)``.
///
/// How a store fails (a closed database, a killed server) differs per store, so that check is
/// not a case here: call ``IdempotencyStoreConformance/storeFailureFollowsThePolicy(makeStore:clock:breakStore:)``
/// directly.
public enum IdempotencyStoreConformanceCheck: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case executesOnceAndReplaysByteIdenticalResponses
    case errorResponsesAreStoredAndReplayed
    case changedNestedFieldIsReportedAsKeyReuse
    case sameKeyInTwoScopesIsIndependent
    case onlyReplayedHeadersAreStored
    case concurrentIdenticalRequestsExecuteOnce
    case racingRetriesForAStaleRecordHaveOneWinner
    case crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce
    case leaseOperationsRequireTheCurrentToken
    case failedWorkReleasesTheClaim
    case recordsExpireAfterTheTTL
    case expiryMidRequestKeepsOneRecordedResponse
    case missingAndMalformedKeysNeverReachTheWork
    case oversizedResponsesAreReportedNotStored

    public var testDescription: String { rawValue }
}

extension IdempotencyStoreConformance {
    /// Runs one check against fresh stores from `makeStore`.
    public static func run<Store: IdempotencyStore>(
        _ check: IdempotencyStoreConformanceCheck,
        makeStore: () async throws -> Store,
        clock: ManualIdempotencyClock
    ) async throws {
        switch check {
        case .executesOnceAndReplaysByteIdenticalResponses:
            try await executesOnceAndReplaysByteIdenticalResponses(makeStore: makeStore, clock: clock)
        case .errorResponsesAreStoredAndReplayed:
            try await errorResponsesAreStoredAndReplayed(makeStore: makeStore, clock: clock)
        case .changedNestedFieldIsReportedAsKeyReuse:
            try await changedNestedFieldIsReportedAsKeyReuse(makeStore: makeStore, clock: clock)
        case .sameKeyInTwoScopesIsIndependent:
            try await sameKeyInTwoScopesIsIndependent(makeStore: makeStore, clock: clock)
        case .onlyReplayedHeadersAreStored:
            try await onlyReplayedHeadersAreStored(makeStore: makeStore, clock: clock)
        case .concurrentIdenticalRequestsExecuteOnce:
            try await concurrentIdenticalRequestsExecuteOnce(makeStore: makeStore, clock: clock)
        case .racingRetriesForAStaleRecordHaveOneWinner:
            try await racingRetriesForAStaleRecordHaveOneWinner(makeStore: makeStore, clock: clock)
        case .crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce:
            try await crashAfterClaimConflictsUntilLeaseEndsThenRunsOnce(makeStore: makeStore, clock: clock)
        case .leaseOperationsRequireTheCurrentToken:
            try await leaseOperationsRequireTheCurrentToken(makeStore: makeStore, clock: clock)
        case .failedWorkReleasesTheClaim:
            try await failedWorkReleasesTheClaim(makeStore: makeStore, clock: clock)
        case .recordsExpireAfterTheTTL:
            try await recordsExpireAfterTheTTL(makeStore: makeStore, clock: clock)
        case .expiryMidRequestKeepsOneRecordedResponse:
            try await expiryMidRequestKeepsOneRecordedResponse(makeStore: makeStore, clock: clock)
        case .missingAndMalformedKeysNeverReachTheWork:
            try await missingAndMalformedKeysNeverReachTheWork(makeStore: makeStore, clock: clock)
        case .oversizedResponsesAreReportedNotStored:
            try await oversizedResponsesAreReportedNotStored(makeStore: makeStore, clock: clock)
        }
    }
}
