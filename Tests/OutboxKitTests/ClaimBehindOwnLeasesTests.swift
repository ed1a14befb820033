import Foundation
import Logging
import OutboxKit
import Testing

/// The claim a pipelining relay makes while its previous batch is in flight.
@Suite struct ClaimBehindOwnLeasesTests {
    static let now = Date(timeIntervalSince1970: 1_700_000_000)

    func check<Store: OutboxStore>(_ store: Store) async throws {
        let events = (0..<6).map { OutboxEvent(partitionKey: "k\($0 % 2)", type: "t", source: "/s", time: Self.now, payload: [UInt8($0)]) }
        try await store.append(events)
        let first = try await store.claim(owner: "relay-a", limit: 2, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(first.map(\.id) == events.prefix(2).map(\.id))

        // Another relay, and the plain claim of the same relay, stay behind relay-a's leases.
        #expect(try await store.claimBehindOwnLeases(owner: "relay-b", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now).isEmpty)
        #expect(try await store.claim(owner: "relay-a", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now).isEmpty)

        // relay-a itself may claim the next events of both keys, oldest first.
        let next = try await store.claimBehindOwnLeases(owner: "relay-a", limit: 2, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(next.map(\.id) == events[2..<4].map(\.id))
        #expect(next.allSatisfy { $0.status == .inFlight && $0.leaseOwner == "relay-a" })

        // A failed head backing off still holds its key back, even for relay-a.
        let retryAt = Self.now.addingTimeInterval(60)
        #expect(try await store.markFailed(events[0].id, owner: "relay-a", error: "down", retryAt: retryAt, maxAttempts: 5, now: Self.now) == .pending)
        let behindFailure = try await store.claimBehindOwnLeases(owner: "relay-a", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Self.now)
        #expect(behindFailure.map(\.id) == [events[5].id])
    }

    @Test func inMemoryStoreLetsARelayClaimBehindItsOwnLeasesOnly() async throws {
        try await check(InMemoryOutboxStore())
    }

    @Test func sqliteStoreLetsARelayClaimBehindItsOwnLeasesOnly() async throws {
        let directory = try TemporaryDirectory()
        let store = try await SQLiteOutboxStore.open(path: directory.file("own-leases.sqlite"), logger: Logger(label: "outboxkit-tests"))
        try await check(store)
        try await store.close()
    }
}
