import Foundation
import OutboxKit
import Testing

extension OutboxStoreConformance {
    func claimLeasesOldestEventsFirst(_ store: Store) async throws {
        let events = (0..<5).map { Self.makeEvent(key: "k\($0 % 2)", index: $0) }
        try await Self.append(events, to: store)

        let first = try await store.claim(owner: "relay-a", limit: 3, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(first.map(\.id) == events.prefix(3).map(\.id))
        for event in first {
            #expect(event.status == .inFlight)
            #expect(event.leaseOwner == "relay-a")
            #expect(event.leaseExpiresAt == Self.now.addingTimeInterval(30))
            #expect(event.attempts == 1)
            #expect(event.payload == events.first { $0.id == event.id }?.payload)
        }
        let stored = try #require(try await store.event(events[0].id))
        #expect(stored.status == .inFlight && stored.leaseOwner == "relay-a")

        // Both keys have older events leased to relay-a, so strict per-key order holds the rest back.
        let held = try await store.claim(owner: "relay-b", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(held.isEmpty)
        let second = try await store.claim(owner: "relay-b", limit: 10, leaseDuration: .seconds(30), policy: .independent, now: Self.now)
        #expect(second.map(\.id) == events.suffix(2).map(\.id))
        #expect(try await Self.claimAll(store, owner: "relay-c").isEmpty)
    }

    func concurrentClaimsNeverShareAnEvent(_ store: Store) async throws {
        let events = (0..<60).map { Self.makeEvent(key: "k\($0 % 7)", index: $0) }
        try await Self.append(events, to: store)
        let claimed = try await withThrowingTaskGroup(of: [ULID].self) { group in
            for relay in 0..<4 {
                group.addTask {
                    var mine: [ULID] = []
                    while true {
                        let batch = try await store.claim(
                            owner: "relay-\(relay)", limit: 5, leaseDuration: .seconds(30), policy: .independent, now: Self.now
                        )
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            var all: [ULID] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(claimed.count == events.count)
        #expect(Set(claimed) == Set(events.map(\.id)))
    }

    func expiredLeaseIsTakenOver(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        let first = try await store.claim(owner: "relay-a", limit: 10, leaseDuration: .seconds(10), policy: .holdKey, now: Self.now)
        #expect(first.map(\.id) == [event.id])

        let early = Self.now.addingTimeInterval(5)
        #expect(try await store.claim(owner: "relay-b", limit: 10, leaseDuration: .seconds(10), policy: .holdKey, now: early).isEmpty)

        let late = Self.now.addingTimeInterval(11)
        let takenOver = try await store.claim(owner: "relay-b", limit: 10, leaseDuration: .seconds(10), policy: .holdKey, now: late)
        #expect(takenOver.map(\.id) == [event.id])
        #expect(takenOver.first?.attempts == 2)
        #expect(takenOver.first?.leaseOwner == "relay-b")

        #expect(try await store.markSent([event.id], owner: "relay-a", now: late) == 0)
        #expect(try await store.markFailed(event.id, owner: "relay-a", error: "late", retryAt: late, maxAttempts: 5, now: late) == nil)
        #expect(try await store.markDead(event.id, owner: "relay-a", error: "late", now: late) == false)
        #expect(try await store.release([event.id], owner: "relay-a") == 0)
        #expect(try await store.event(event.id)?.leaseOwner == "relay-b")
        #expect(try await store.markSent([event.id], owner: "relay-b", now: late) == 1)
    }

    func sentEventIsNeverClaimedAgain(_ store: Store) async throws {
        let events = [Self.makeEvent(index: 0), Self.makeEvent(index: 1)]
        try await Self.append(events, to: store)
        let claimed = try await Self.claimAll(store)
        let sentAt = Self.now.addingTimeInterval(1)
        #expect(try await store.markSent(claimed.map(\.id), owner: "relay-a", now: sentAt) == 2)
        let sent = try #require(try await store.event(events[0].id))
        #expect(sent.status == .sent)
        #expect(sent.sentAt == sentAt)
        #expect(sent.leaseOwner == nil)
        let muchLater = Self.now.addingTimeInterval(3600)
        #expect(try await Self.claimAll(store, owner: "relay-b", at: muchLater).isEmpty)
        #expect(try await store.markSent(claimed.map(\.id), owner: "relay-a", now: sentAt) == 0)
    }

    func failedEventWaitsForItsRetryTime(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        _ = try await Self.claimAll(store)
        let retryAt = Self.now.addingTimeInterval(60)
        let status = try await store.markFailed(event.id, owner: "relay-a", error: "broker down", retryAt: retryAt, maxAttempts: 5, now: Self.now)
        #expect(status == .pending)
        let failed = try #require(try await store.event(event.id))
        #expect(failed.lastError == "broker down")
        #expect(failed.nextAttemptAt == retryAt)
        #expect(failed.leaseOwner == nil)

        #expect(try await Self.claimAll(store, at: Self.now.addingTimeInterval(59)).isEmpty)
        let retried = try await Self.claimAll(store, at: retryAt)
        #expect(retried.map(\.id) == [event.id])
        #expect(retried.first?.attempts == 2)
    }

    func failedEventBecomesDead(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        var now = Self.now
        for attempt in 1...3 {
            let claimed = try await Self.claimAll(store, at: now)
            #expect(claimed.first?.attempts == attempt)
            let status = try await store.markFailed(event.id, owner: "relay-a", error: "error \(attempt)", retryAt: now, maxAttempts: 3, now: now)
            #expect(status == (attempt == 3 ? .dead : .pending))
            now.addTimeInterval(1)
        }
        let dead = try #require(try await store.event(event.id))
        #expect(dead.status == .dead)
        #expect(dead.lastError == "error 3")
        #expect(try await Self.claimAll(store, at: now.addingTimeInterval(3600)).isEmpty)
    }

    func markDeadMovesEventToDeadLetters(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        _ = try await Self.claimAll(store)
        #expect(try await store.markDead(event.id, owner: "relay-a", error: "message too large", now: Self.now))
        let dead = try await store.listDead(limit: 10, after: nil)
        #expect(dead.map(\.id) == [event.id])
        #expect(dead.first?.lastError == "message too large")
        #expect(try await Self.claimAll(store).isEmpty)
    }
}
