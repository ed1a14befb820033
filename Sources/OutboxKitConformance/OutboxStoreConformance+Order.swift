import Foundation
import OutboxKit
import Testing

extension OutboxStoreConformance {
    /// Key `a` has a1, a2 and key `b` has b1; a1 fails. a2 must wait for a1, b keeps flowing.
    private func failHeadOfKeyA(_ store: Store) async throws -> (a1: OutboxEvent, a2: OutboxEvent, b2: OutboxEvent) {
        let a1 = Self.makeEvent(key: "a", index: 0)
        let a2 = Self.makeEvent(key: "a", index: 1)
        let b1 = Self.makeEvent(key: "b", index: 2)
        try await Self.append([a1, a2, b1], to: store)
        #expect(try await Self.claimAll(store).map(\.id) == [a1.id, a2.id, b1.id])
        let retryAt = Self.now.addingTimeInterval(60)
        #expect(try await store.markFailed(a1.id, owner: "relay-a", error: "timeout", retryAt: retryAt, maxAttempts: 5, now: Self.now) == .pending)
        #expect(try await store.release([a2.id], owner: "relay-a") == 1)
        #expect(try await store.markSent([b1.id], owner: "relay-a", now: Self.now) == 1)
        let b2 = Self.makeEvent(key: "b", index: 3)
        try await Self.append([b2], to: store)
        return (a1, a2, b2)
    }

    func failingHeadHoldsBackOnlyItsOwnKey(_ store: Store) async throws {
        let (a1, a2, b2) = try await failHeadOfKeyA(store)
        #expect(try await Self.claimAll(store).map(\.id) == [b2.id])
        #expect(try await store.markSent([b2.id], owner: "relay-a", now: Self.now) == 1)

        let retryAt = Self.now.addingTimeInterval(60)
        #expect(try await Self.claimAll(store, at: retryAt).map(\.id) == [a1.id, a2.id])
    }

    func independentPolicyDoesNotHoldBack(_ store: Store) async throws {
        let (_, a2, b2) = try await failHeadOfKeyA(store)
        #expect(try await Self.claimAll(store, policy: .independent).map(\.id) == [a2.id, b2.id])
    }

    func releasedEventIsClaimable(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        _ = try await Self.claimAll(store)
        #expect(try await store.release([event.id], owner: "relay-a") == 1)
        let released = try #require(try await store.event(event.id))
        #expect(released.status == .pending)
        #expect(released.attempts == 0)
        #expect(released.leaseOwner == nil)
        let again = try await Self.claimAll(store, owner: "relay-b")
        #expect(again.map(\.id) == [event.id])
        #expect(again.first?.attempts == 1)
    }
}
