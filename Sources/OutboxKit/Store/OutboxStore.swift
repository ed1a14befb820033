import Foundation

/// Where outbox events live: appended in the caller's transaction, claimed and settled by relays.
///
/// Every store behaves the same way; `OutboxKitConformance` checks it. Times are passed in
/// (`now`) rather than read from a clock so that relays and tests control them.
///
/// Claiming is the heart of it. ``claim(owner:limit:leaseDuration:policy:now:)`` atomically
/// moves up to `limit` claimable events to ``OutboxEventStatus/inFlight`` under a lease. An event
/// is claimable when it is pending and due, or in flight with an expired lease (its relay died).
/// With ``BlockedHeadPolicy/holdKey`` an event is claimable only when every older unsent event
/// of its key is claimable too, so the claimed events of a key are always its oldest ones.
/// Stores select by status and due time, never by "id greater than the last one seen", so an
/// event whose transaction commits late is still found.
///
/// Settling (``markSent(_:owner:now:)``, ``markFailed(_:owner:error:retryAt:maxAttempts:now:)``,
/// ``release(_:owner:)``) only touches events still leased by `owner`: a relay that lost its
/// lease cannot overwrite the work of the relay that took over.
public protocol OutboxStore: Sendable {
    /// The caller's transaction (or the connection it runs on) that ``append(_:in:)`` writes through.
    associatedtype Transaction

    /// Appends events as part of the caller's transaction: they become visible to relays only
    /// when that transaction commits, and vanish if it rolls back.
    ///
    /// - Throws: ``OutboxError`` (``OutboxError/Code/duplicateID`` when an id is already stored).
    func append(_ events: [OutboxEvent], in transaction: Transaction) async throws

    /// Runs `body` in a new transaction of the store and commits it when `body` returns, or rolls
    /// it back when `body` throws (rethrowing the error).
    func withTransaction<Result: Sendable>(
        _ body: @Sendable (Transaction) async throws -> Result
    ) async throws -> Result

    /// Atomically leases up to `limit` claimable events to `owner` until `now + leaseDuration`,
    /// incrementing their attempt counts, and returns them in id order.
    func claim(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent]

    /// Like ``claim(owner:limit:leaseDuration:policy:now:)``, except that events still leased to
    /// `owner` itself do not hold back later events of their key.
    ///
    /// A relay uses it to claim its next batch while the previous one is being published; it
    /// keeps per-key order itself by publishing batches one after the other and handing back the
    /// later events of a key whose earlier event failed. Stores that do not implement it fall
    /// back to the plain claim, which is stricter and therefore also correct.
    func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent]

    /// Marks events leased by `owner` as sent. Returns how many were.
    @discardableResult
    func markSent(_ ids: [ULID], owner: String, now: Date) async throws -> Int

    /// Records a failed attempt of an event leased by `owner`: back to pending until `retryAt`,
    /// or dead when it has had `maxAttempts` attempts. Returns the event's new status, or `nil`
    /// when `owner` no longer holds its lease.
    @discardableResult
    func markFailed(
        _ id: ULID,
        owner: String,
        error: String,
        retryAt: Date,
        maxAttempts: Int,
        now: Date
    ) async throws -> OutboxEventStatus?

    /// Moves an event leased by `owner` straight to dead (a permanent error). Returns whether it did.
    @discardableResult
    func markDead(_ id: ULID, owner: String, error: String, now: Date) async throws -> Bool

    /// Gives back the lease on events that were claimed but not attempted (held behind a failed
    /// head): pending again, due at once, without counting the attempt. Returns how many.
    @discardableResult
    func release(_ ids: [ULID], owner: String) async throws -> Int

    /// The event with this id, whatever its status.
    func event(_ id: ULID) async throws -> OutboxEvent?

    /// Dead letters in id order, starting after `after` (a cursor for paging).
    func listDead(limit: Int, after: ULID?) async throws -> [OutboxEvent]

    /// Makes dead events pending again with a fresh attempt count, due at `now`. Returns how many.
    @discardableResult
    func retryDead(_ ids: [ULID], now: Date) async throws -> Int

    /// Deletes dead events. Returns how many.
    @discardableResult
    func purgeDead(_ ids: [ULID]) async throws -> Int

    /// Deletes sent events whose delivery was confirmed before `cutoff`. Returns how many.
    @discardableResult
    func purgeSent(before cutoff: Date) async throws -> Int

    /// Counts per status and the oldest unsent event's time.
    func stats() async throws -> OutboxStats
}

extension OutboxStore {
    public func claimBehindOwnLeases(
        owner: String,
        limit: Int,
        leaseDuration: Duration,
        policy: BlockedHeadPolicy,
        now: Date
    ) async throws -> [OutboxEvent] {
        try await claim(owner: owner, limit: limit, leaseDuration: leaseDuration, policy: policy, now: now)
    }

    /// Appends events in a transaction of their own: for events that describe no other write.
    public func append(_ events: [OutboxEvent]) async throws {
        let events = events
        try await withTransaction { transaction in
            try await self.append(events, in: transaction)
        }
    }
}
