import Foundation
import OutboxKit
import Testing

extension OutboxStoreConformance {
    private func makeDead(_ store: Store, count: Int) async throws -> [OutboxEvent] {
        let events = (0..<count).map { Self.makeEvent(key: "k\($0)", index: $0) }
        try await Self.append(events, to: store)
        for event in try await Self.claimAll(store) {
            #expect(try await store.markDead(event.id, owner: "relay-a", error: "poison \(event.id)", now: Self.now))
        }
        return events
    }

    func deadLettersCanBeListedRetriedAndPurged(_ store: Store) async throws {
        let events = try await makeDead(store, count: 5)
        let ids = events.map(\.id)
        let firstPage = try await store.listDead(limit: 2, after: nil)
        #expect(firstPage.map(\.id) == Array(ids[0..<2]))
        let secondPage = try await store.listDead(limit: 10, after: firstPage.last?.id)
        #expect(secondPage.map(\.id) == Array(ids[2...]))
        #expect(secondPage.allSatisfy { $0.status == .dead && $0.lastError?.hasPrefix("poison") == true })

        let later = Self.now.addingTimeInterval(100)
        #expect(try await store.retryDead([ids[0], ids[1]], now: later) == 2)
        #expect(try await store.retryDead([ids[0]], now: later) == 0)
        let retried = try #require(try await store.event(ids[0]))
        #expect(retried.status == .pending)
        #expect(retried.attempts == 0)
        #expect(retried.nextAttemptAt == later)
        #expect(try await Self.claimAll(store, at: later).map(\.id) == [ids[0], ids[1]])

        #expect(try await store.purgeDead([ids[2], ids[3], ids[0]]) == 2)
        #expect(try await store.event(ids[2]) == nil)
        #expect(try await store.event(ids[0]) != nil)
        #expect(try await store.listDead(limit: 10, after: nil).map(\.id) == [ids[4]])
    }

    func purgeSentRemovesOnlyOldSentEvents(_ store: Store) async throws {
        let events = (0..<4).map { Self.makeEvent(index: $0) }
        try await Self.append(events, to: store)
        _ = try await Self.claimAll(store)
        #expect(try await store.markSent([events[0].id], owner: "relay-a", now: Self.now) == 1)
        #expect(try await store.markSent([events[1].id], owner: "relay-a", now: Self.now.addingTimeInterval(100)) == 1)
        #expect(try await store.markDead(events[2].id, owner: "relay-a", error: "x", now: Self.now))

        #expect(try await store.purgeSent(before: Self.now.addingTimeInterval(50)) == 1)
        #expect(try await store.event(events[0].id) == nil)
        #expect(try await store.event(events[1].id)?.status == .sent)
        #expect(try await store.event(events[2].id)?.status == .dead)
        #expect(try await store.event(events[3].id)?.status == .inFlight)
    }

    func statsCountEveryStatus(_ store: Store) async throws {
        #expect(try await store.stats() == OutboxStats())
        let events = (0..<6).map { Self.makeEvent(key: "k\($0)", index: $0) }
        try await Self.append(events, to: store)
        let claimed = try await store.claim(owner: "relay-a", limit: 4, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(claimed.count == 4)
        try await store.markSent([events[0].id], owner: "relay-a", now: Self.now)
        try await store.markDead(events[1].id, owner: "relay-a", error: "x", now: Self.now)
        let stats = try await store.stats()
        #expect(stats.pending == 2)
        #expect(stats.inFlight == 2)
        #expect(stats.sent == 1)
        #expect(stats.dead == 1)
        #expect(stats.oldestUnsentTime == events[2].time)
    }
}
