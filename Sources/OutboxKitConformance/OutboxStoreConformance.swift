import Foundation
import OutboxKit
import Testing

/// The behaviour every outbox store must share, as reusable Swift Testing checks.
///
/// A store's test target runs the whole suite with one parameterized test:
///
/// ```swift
/// @Test(arguments: OutboxStoreConformanceCheck.allCases)
/// func sqliteStoreConforms(_ check: OutboxStoreConformanceCheck) async throws {
///     try await OutboxStoreConformance { try await makeFreshStore() }.run(check)
/// }
/// ```
///
/// Each check asks the factory for a new, empty store, so stores that share a database must
/// hand out isolated ones (a new file, a new collection). Times are fixed, not read from a clock.
public struct OutboxStoreConformance<Store: OutboxStore>: Sendable {
    let makeStore: @Sendable () async throws -> Store

    /// - Parameter makeStore: Returns a new, empty store for each check.
    public init(makeStore: @escaping @Sendable () async throws -> Store) {
        self.makeStore = makeStore
    }

    /// A fixed "now" far from the Unix epoch, where new events are due.
    static var now: Date { Date(timeIntervalSince1970: 1_800_000_000) }

    /// Runs one check against a fresh store.
    public func run(_ check: OutboxStoreConformanceCheck) async throws {
        let store = try await makeStore()
        switch check {
        case .appendedEventKeepsEveryField: try await appendedEventKeepsEveryField(store)
        case .rolledBackTransactionLeavesNoEvent: try await rolledBackTransactionLeavesNoEvent(store)
        case .duplicateIDIsRejected: try await duplicateIDIsRejected(store)
        case .invalidEventIsRejected: try await invalidEventIsRejected(store)
        case .claimLeasesOldestEventsFirst: try await claimLeasesOldestEventsFirst(store)
        case .concurrentClaimsNeverShareAnEvent: try await concurrentClaimsNeverShareAnEvent(store)
        case .expiredLeaseIsTakenOverAndOldOwnerCannotSettle: try await expiredLeaseIsTakenOver(store)
        case .sentEventIsNeverClaimedAgain: try await sentEventIsNeverClaimedAgain(store)
        case .failedEventWaitsForItsRetryTime: try await failedEventWaitsForItsRetryTime(store)
        case .failedEventBecomesDeadAfterMaxAttempts: try await failedEventBecomesDead(store)
        case .markDeadMovesEventToDeadLetters: try await markDeadMovesEventToDeadLetters(store)
        case .failingHeadHoldsBackOnlyItsOwnKey: try await failingHeadHoldsBackOnlyItsOwnKey(store)
        case .independentPolicyDoesNotHoldBackTheKey: try await independentPolicyDoesNotHoldBack(store)
        case .releasedEventIsClaimableWithoutCountingAnAttempt: try await releasedEventIsClaimable(store)
        case .lateCommittedSmallerIDIsStillClaimed: try await lateCommittedSmallerIDIsStillClaimed(store)
        case .deadLettersCanBeListedRetriedAndPurged: try await deadLettersCanBeListedRetriedAndPurged(store)
        case .purgeSentRemovesOnlyOldSentEvents: try await purgeSentRemovesOnlyOldSentEvents(store)
        case .statsCountEveryStatus: try await statsCountEveryStatus(store)
        }
    }

    /// Runs every check, each against a fresh store.
    public func runAll() async throws {
        for check in OutboxStoreConformanceCheck.allCases {
            try await run(check)
        }
    }

    static func makeEvent(key: String = "machine-1", index: Int = 0) -> OutboxEvent {
        OutboxEvent(
            partitionKey: key,
            type: "test.event",
            source: "/conformance",
            time: now.addingTimeInterval(Double(index) / 1000),
            payload: Array(#"{"index":\#(index)}"#.utf8)
        )
    }

    static func append(_ events: [OutboxEvent], to store: Store) async throws {
        try await store.append(events)
    }

    static func claimAll(_ store: Store, owner: String = "relay-a", at now: Date = now, policy: BlockedHeadPolicy = .holdKey) async throws -> [OutboxEvent] {
        try await store.claim(owner: owner, limit: 1000, leaseDuration: .seconds(30), policy: policy, now: now)
    }
}
