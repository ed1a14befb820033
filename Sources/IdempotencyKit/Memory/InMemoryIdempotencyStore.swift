import Foundation
import Synchronization

/// Records in this process's memory, for tests, single-instance deployments and as the
/// reference behaviour of the store contract.
///
/// Records vanish with the process, and several server instances do not share them; use the
/// SQLite or Redis store when either matters. Expired records are dropped by
/// ``removeExpired(now:)`` and whenever a claim finds one.
public final class InMemoryIdempotencyStore: IdempotencyStore {
    private struct Entry {
        var fingerprint: RequestFingerprint
        var state: IdempotencyRecord.State
        var expiresAt: Date

        var lease: IdempotencyLease? {
            if case .inFlight(let lease) = state { lease } else { nil }
        }

        func record(id: IdempotencyRecordID) -> IdempotencyRecord {
            IdempotencyRecord(id: id, fingerprint: fingerprint, state: state, expiresAt: expiresAt)
        }
    }

    private let entries = Mutex<[IdempotencyRecordID: Entry]>([:])

    /// Creates an empty store.
    public init() {}

    /// The number of records held, live or expired.
    public var count: Int {
        entries.withLock { $0.count }
    }

    public func claim(_ request: IdempotencyClaimRequest) async throws(IdempotencyError) -> IdempotencyClaimResult {
        entries.withLock { entries in
            if let entry = entries[request.id], request.now < entry.expiresAt {
                return .existing(entry.record(id: request.id))
            }
            entries[request.id] = Entry(
                fingerprint: request.fingerprint,
                state: .inFlight(request.lease),
                expiresAt: request.expiresAt
            )
            return .claimed
        }
    }

    public func takeOver(
        _ id: IdempotencyRecordID,
        staleToken: LeaseToken,
        newLease: IdempotencyLease,
        now: Date
    ) async throws(IdempotencyError) -> Bool {
        entries.withLock { entries in
            guard var entry = entries[id], now < entry.expiresAt,
                let lease = entry.lease, lease.token == staleToken, lease.expiresAt <= now
            else {
                return false
            }
            entry.state = .inFlight(newLease)
            entries[id] = entry
            return true
        }
    }

    public func complete(_ completion: IdempotencyCompletion) async throws(IdempotencyError) {
        let completed = entries.withLock { entries in
            guard var entry = entries[completion.id], entry.lease?.token == completion.token else {
                return false
            }
            entry.state = .completed(completion.response)
            entry.expiresAt = completion.expiresAt
            entries[completion.id] = entry
            return true
        }
        guard completed else {
            throw IdempotencyError.leaseLost(completion.id)
        }
    }

    public func release(_ id: IdempotencyRecordID, token: LeaseToken) async throws(IdempotencyError) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[id], entry.lease?.token == token else {
                return false
            }
            entries[id] = nil
            return true
        }
    }

    public func record(for id: IdempotencyRecordID, now: Date) async throws(IdempotencyError) -> IdempotencyRecord? {
        entries.withLock { entries in
            guard let entry = entries[id], now < entry.expiresAt else { return nil }
            return entry.record(id: id)
        }
    }

    public func removeExpired(now: Date) async throws(IdempotencyError) -> Int {
        entries.withLock { entries in
            let before = entries.count
            entries = entries.filter { now < $0.value.expiresAt }
            return before - entries.count
        }
    }
}
