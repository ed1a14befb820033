import Testing

/// One behaviour every ``OutboxKit/OutboxStore`` must have; pass `allCases` to a parameterized
/// test and run each with ``OutboxStoreConformance/run(_:)``.
public enum OutboxStoreConformanceCheck: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case appendedEventKeepsEveryField
    case rolledBackTransactionLeavesNoEvent
    case duplicateIDIsRejected
    case invalidEventIsRejected
    case claimLeasesOldestEventsFirst
    case concurrentClaimsNeverShareAnEvent
    case expiredLeaseIsTakenOverAndOldOwnerCannotSettle
    case sentEventIsNeverClaimedAgain
    case failedEventWaitsForItsRetryTime
    case failedEventBecomesDeadAfterMaxAttempts
    case markDeadMovesEventToDeadLetters
    case failingHeadHoldsBackOnlyItsOwnKey
    case independentPolicyDoesNotHoldBackTheKey
    case releasedEventIsClaimableWithoutCountingAnAttempt
    case lateCommittedSmallerIDIsStillClaimed
    case deadLettersCanBeListedRetriedAndPurged
    case purgeSentRemovesOnlyOldSentEvents
    case statsCountEveryStatus

    public var testDescription: String { rawValue }
}
