import Foundation

/// Where idempotency records live. Every operation is atomic on its own.
///
/// Stores never read a clock: each operation receives the time it is judged at, so expiry
/// follows the gate's injectable ``IdempotencyClock``. A record whose `expiresAt` is not after
/// that time counts as absent, whatever the backend still holds.
///
/// Run `IdempotencyKitConformance` against every implementation.
public protocol IdempotencyStore: Sendable {
    /// Atomically inserts an in-flight record with `request.lease`, unless a live record exists.
    ///
    /// - Returns: ``IdempotencyClaimResult/claimed`` when the record was written, otherwise the
    ///   live record as it is.
    func claim(_ request: IdempotencyClaimRequest) async throws(IdempotencyError) -> IdempotencyClaimResult

    /// Atomically replaces the lease of an in-flight record whose lease has ended.
    ///
    /// Succeeds only if the record is still in flight with `staleToken`, and its lease ended at
    /// or before `now`; of several retries racing for one stale record exactly one wins.
    ///
    /// - Returns: `true` if `newLease` is now installed.
    func takeOver(
        _ id: IdempotencyRecordID,
        staleToken: LeaseToken,
        newLease: IdempotencyLease,
        now: Date
    ) async throws(IdempotencyError) -> Bool

    /// Atomically writes the response over the in-flight record, if it still holds `completion.token`.
    ///
    /// - Throws: ``IdempotencyError/Code/leaseLost`` when the record was taken over, released or
    ///   removed meanwhile; ``IdempotencyError/Code/responseTooLarge`` if the backend cannot
    ///   hold the response.
    func complete(_ completion: IdempotencyCompletion) async throws(IdempotencyError)

    /// Removes an in-flight record if it still holds `token`, so a retry can run the request.
    ///
    /// - Returns: `true` if a record was removed.
    @discardableResult
    func release(_ id: IdempotencyRecordID, token: LeaseToken) async throws(IdempotencyError) -> Bool

    /// Reads the live record for `id`, or `nil` if there is none at `now`.
    func record(for id: IdempotencyRecordID, now: Date) async throws(IdempotencyError) -> IdempotencyRecord?

    /// Deletes every record that expired at or before `now`.
    ///
    /// - Returns: The number of records removed.
    @discardableResult
    func removeExpired(now: Date) async throws(IdempotencyError) -> Int
}
