import Foundation

/// Everything a store needs to claim a key atomically.
public struct IdempotencyClaimRequest: Hashable, Sendable {
    /// The record to claim.
    public let id: IdempotencyRecordID
    /// The fingerprint stored with the claim.
    public let fingerprint: RequestFingerprint
    /// The lease to install; its token is fresh and its end is `now + lease duration`.
    public let lease: IdempotencyLease
    /// The time the claim is judged at: records whose ``IdempotencyRecord/expiresAt`` is not
    /// after it are treated as absent.
    public let now: Date
    /// When the claimed record expires if it is never completed.
    public let expiresAt: Date

    /// Creates a claim request.
    public init(id: IdempotencyRecordID, fingerprint: RequestFingerprint, lease: IdempotencyLease, now: Date, expiresAt: Date) {
        self.id = id
        self.fingerprint = fingerprint
        self.lease = lease
        self.now = now
        self.expiresAt = expiresAt
    }
}
