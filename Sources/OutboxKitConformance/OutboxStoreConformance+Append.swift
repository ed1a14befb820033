import Foundation
import OutboxKit
import Testing

extension OutboxStoreConformance {
    func appendedEventKeepsEveryField(_ store: Store) async throws {
        let event = OutboxEvent(
            partitionKey: "machine-ü-1",
            type: "machine.state.changed",
            source: "/plants/plant-1",
            subject: "spindle",
            time: Self.now,
            dataContentType: "application/octet-stream",
            schemaVersion: 3,
            payload: [0, 1, 2, 0xFF, 0x7F, 0],
            headers: ["traceparent": "00-abc-def-01", "tenant": "plant-1"]
        )
        let empty = OutboxEvent(partitionKey: "k", type: "t", source: "/s", time: Self.now, payload: [])
        try await Self.append([event, empty], to: store)

        let stored = try #require(try await store.event(event.id))
        #expect(stored == event)
        #expect(stored.status == .pending)
        #expect(stored.attempts == 0)
        #expect(stored.leaseOwner == nil)
        #expect(stored.leaseExpiresAt == nil)
        let storedEmpty = try #require(try await store.event(empty.id))
        #expect(storedEmpty.payload.isEmpty)
        #expect(storedEmpty.subject == nil)
        #expect(storedEmpty.headers.isEmpty)
        #expect(try await store.event(ULID()) == nil)
    }

    func rolledBackTransactionLeavesNoEvent(_ store: Store) async throws {
        let event = Self.makeEvent()
        await #expect(throws: ConformanceRollBack.self) {
            try await store.withTransaction { transaction in
                try await store.append([event], in: transaction)
                throw ConformanceRollBack()
            }
        }
        #expect(try await store.event(event.id) == nil)
        #expect(try await Self.claimAll(store).isEmpty)
        #expect(try await store.stats().pending == 0)
    }

    func duplicateIDIsRejected(_ store: Store) async throws {
        let event = Self.makeEvent()
        try await Self.append([event], to: store)
        let error = await #expect(throws: OutboxError.self) {
            try await Self.append([event], to: store)
        }
        #expect(error?.code == .duplicateID)
        #expect(try await store.stats().pending == 1)
    }

    func invalidEventIsRejected(_ store: Store) async throws {
        let noKey = OutboxEvent(partitionKey: "", type: "t", source: "/s", payload: [])
        let error = await #expect(throws: OutboxError.self) {
            try await Self.append([noKey], to: store)
        }
        #expect(error?.code == .invalidArgument)
        let zeroLimit = await #expect(throws: OutboxError.self) {
            _ = try await store.claim(owner: "a", limit: 0, leaseDuration: .seconds(1), policy: .holdKey, now: Self.now)
        }
        #expect(zeroLimit?.code == .invalidArgument)
        #expect(try await store.stats() == OutboxStats())
    }

    func lateCommittedSmallerIDIsStillClaimed(_ store: Store) async throws {
        // The smaller id was made first but its transaction commits after a larger id was
        // already claimed and sent: a store that scans "id > last seen" would skip it forever.
        let early = Self.makeEvent(key: "a", index: 0)
        let late = Self.makeEvent(key: "b", index: 1)
        try await Self.append([late], to: store)
        let first = try await Self.claimAll(store)
        #expect(first.map(\.id) == [late.id])
        #expect(try await store.markSent([late.id], owner: "relay-a", now: Self.now) == 1)

        try await Self.append([early], to: store)
        let second = try await Self.claimAll(store)
        #expect(second.map(\.id) == [early.id])
    }
}

/// Thrown inside a transaction body to make it roll back.
struct ConformanceRollBack: Error {}
