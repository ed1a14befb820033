import Foundation
import Synchronization
import _MTCSupport

/// An outbox store in process memory, for tests and small tools that need no durability.
///
/// Its ``Transaction`` buffers appended events and publishes them to the store atomically on
/// commit. Mix it with your own in-memory state by doing both inside ``withTransaction(_:)``.
public final class InMemoryOutboxStore: OutboxStore {
    /// A unit of work that makes its appended events visible all at once when it commits.
    public final class Transaction: Sendable {
        fileprivate let storeID: ObjectIdentifier
        /// `nil` once the transaction has committed or rolled back.
        fileprivate let buffer = Mutex<[OutboxEvent]?>([])

        fileprivate init(storeID: ObjectIdentifier) {
            self.storeID = storeID
        }
    }

    private struct State {
        var events: [ULID: OutboxEvent] = [:]
        var unsent: Set<ULID> = []
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func append(_ events: [OutboxEvent], in transaction: Transaction) async throws {
        guard transaction.storeID == ObjectIdentifier(self) else {
            throw OutboxError(.unknownTransaction, "This transaction belongs to another InMemoryOutboxStore.")
        }
        for event in events { try event.validate() }
        let stored = state.withLock { state in events.first { state.events[$0.id] != nil }?.id }
        if let stored { throw OutboxError.duplicateID(stored) }
        try transaction.buffer.withLock { buffer in
            guard buffer != nil else {
                throw OutboxError(.unknownTransaction, "The transaction has already ended; append inside withTransaction's body.")
            }
            for event in events where buffer!.contains(where: { $0.id == event.id }) {
                throw OutboxError.duplicateID(event.id)
            }
            buffer!.append(contentsOf: events.map(Self.pending))
        }
    }

    public func withTransaction<Result: Sendable>(
        _ body: @Sendable (Transaction) async throws -> Result
    ) async throws -> Result {
        let transaction = Transaction(storeID: ObjectIdentifier(self))
        let result: Result
        do {
            result = try await body(transaction)
        } catch {
            transaction.buffer.withLock { $0 = nil }
            throw error
        }
        let events = transaction.buffer.withLock { buffer in
            defer { buffer = nil }
            return buffer ?? []
        }
        try state.withLock { state in
            if let duplicate = events.first(where: { state.events[$0.id] != nil }) {
                throw OutboxError.duplicateID(duplicate.id)
            }
            for event in events {
                state.events[event.id] = event
                state.unsent.insert(event.id)
            }
        }
        return result
    }

    public func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: false)
    }

    public func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now, behindOwnLeases: true)
    }

    private func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date,
        behindOwnLeases: Bool
    ) throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("claim limit must be positive, got \(limit)") }
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return state.withLock { state in
            var claimed: [OutboxEvent] = []
            var blockedKeys: Set<String> = []
            for id in state.unsent.sorted() {
                guard claimed.count < limit else { break }
                guard var event = state.events[id] else { continue }
                if policy == .holdKey && blockedKeys.contains(event.partitionKey) { continue }
                guard Self.isClaimable(event, now: now) else {
                    let ownLease = behindOwnLeases && event.status == .inFlight && event.leaseOwner == owner
                    if !ownLease { blockedKeys.insert(event.partitionKey) }
                    continue
                }
                event.status = .inFlight
                event.leaseOwner = owner
                event.leaseExpiresAt = leaseExpiresAt
                event.attempts += 1
                state.events[id] = event
                claimed.append(event)
            }
            return claimed
        }
    }

    public func markSent(_ ids: [ULID], owner: String, now: Date) async throws -> Int {
        state.withLock { state in
            var count = 0
            for id in ids {
                guard var event = state.events[id], Self.isLeased(event, by: owner) else { continue }
                event.status = .sent
                event.sentAt = now
                event.leaseOwner = nil
                event.leaseExpiresAt = nil
                state.events[id] = event
                state.unsent.remove(id)
                count += 1
            }
            return count
        }
    }

    public func markFailed(
        _ id: ULID,
        owner: String,
        error: String,
        retryAt: Date,
        maxAttempts: Int,
        now: Date
    ) async throws -> OutboxEventStatus? {
        state.withLock { state in
            guard var event = state.events[id], Self.isLeased(event, by: owner) else { return nil }
            event.lastError = error
            event.leaseOwner = nil
            event.leaseExpiresAt = nil
            if event.attempts >= maxAttempts {
                event.status = .dead
                state.unsent.remove(id)
            } else {
                event.status = .pending
                event.nextAttemptAt = retryAt
            }
            state.events[id] = event
            return event.status
        }
    }

    public func markDead(_ id: ULID, owner: String, error: String, now: Date) async throws -> Bool {
        state.withLock { state in
            guard var event = state.events[id], Self.isLeased(event, by: owner) else { return false }
            event.status = .dead
            event.lastError = error
            event.leaseOwner = nil
            event.leaseExpiresAt = nil
            state.events[id] = event
            state.unsent.remove(id)
            return true
        }
    }

    public func release(_ ids: [ULID], owner: String) async throws -> Int {
        state.withLock { state in
            var count = 0
            for id in ids {
                guard var event = state.events[id], Self.isLeased(event, by: owner) else { continue }
                event.status = .pending
                event.attempts = max(0, event.attempts - 1)
                event.leaseOwner = nil
                event.leaseExpiresAt = nil
                state.events[id] = event
                count += 1
            }
            return count
        }
    }

    public func event(_ id: ULID) async throws -> OutboxEvent? {
        state.withLock { $0.events[id] }
    }

    public func listDead(limit: Int, after: ULID?) async throws -> [OutboxEvent] {
        guard limit > 0 else { throw OutboxError.invalidArgument("listDead limit must be positive, got \(limit)") }
        return state.withLock { state in
            state.events.values
                .filter { event in event.status == .dead && after.map { event.id > $0 } ?? true }
                .sorted { $0.id < $1.id }
                .prefix(limit)
                .map { $0 }
        }
    }

    public func retryDead(_ ids: [ULID], now: Date) async throws -> Int {
        state.withLock { state in
            var count = 0
            for id in ids {
                guard var event = state.events[id], event.status == .dead else { continue }
                event.status = .pending
                event.attempts = 0
                event.nextAttemptAt = now
                state.events[id] = event
                state.unsent.insert(id)
                count += 1
            }
            return count
        }
    }

    public func purgeDead(_ ids: [ULID]) async throws -> Int {
        state.withLock { state in
            var count = 0
            for id in ids where state.events[id]?.status == .dead {
                state.events[id] = nil
                count += 1
            }
            return count
        }
    }

    public func purgeSent(before cutoff: Date) async throws -> Int {
        state.withLock { state in
            let purged = state.events.values.filter { $0.status == .sent && ($0.sentAt ?? cutoff) < cutoff }
            for event in purged { state.events[event.id] = nil }
            return purged.count
        }
    }

    public func stats() async throws -> OutboxStats {
        state.withLock { state in
            var stats = OutboxStats()
            for event in state.events.values {
                switch event.status {
                case .pending: stats.pending += 1
                case .inFlight: stats.inFlight += 1
                case .sent: stats.sent += 1
                case .dead: stats.dead += 1
                }
            }
            stats.oldestUnsentTime = state.unsent.compactMap { state.events[$0]?.time }.min()
            return stats
        }
    }

    private static func pending(_ event: OutboxEvent) -> OutboxEvent {
        var event = event
        event.status = .pending
        event.attempts = 0
        event.leaseOwner = nil
        event.leaseExpiresAt = nil
        event.lastError = nil
        event.sentAt = nil
        return event
    }

    private static func isClaimable(_ event: OutboxEvent, now: Date) -> Bool {
        switch event.status {
        case .pending: event.nextAttemptAt <= now
        case .inFlight: (event.leaseExpiresAt ?? now) <= now
        case .sent, .dead: false
        }
    }

    private static func isLeased(_ event: OutboxEvent, by owner: String) -> Bool {
        event.status == .inFlight && event.leaseOwner == owner
    }
}
