import Foundation
import _MTCSupport

/// The lease a request holds while its work runs.
///
/// An operation that completes the record itself, inside its own database transaction, turns
/// its response into an ``IdempotencyCompletion`` with ``completion(with:)`` and hands that to
/// its store (for example `SQLiteIdempotencyStore.complete(_:in:)`).
public struct IdempotencyClaim: Sendable {
    /// The scope and key.
    public let id: IdempotencyRecordID
    /// The request's fingerprint.
    public let fingerprint: RequestFingerprint
    /// The lease held.
    public let lease: IdempotencyLease
    /// Whether this request took over a stale record of a request that never finished.
    public let tookOver: Bool
    /// Whether a record backs this claim. `false` only when the store failed and the
    /// pass-through policy runs the work unprotected: there is then no record to complete.
    public let isRecorded: Bool

    let configuration: IdempotencyGateConfiguration
    let clock: any IdempotencyClock

    /// Prepares a response for storage: keeps only the replayed headers, encodes it and checks
    /// the size limit. The record will expire one TTL after this call.
    ///
    /// - Throws: ``IdempotencyError/Code/responseTooLarge`` or ``IdempotencyError/Code/invalidResponse``.
    public func completion(with response: IdempotentResponse) throws(IdempotencyError) -> IdempotencyCompletion {
        let names = Set(configuration.replayedHeaderNames.map { $0.lowercased() })
        var stored = response
        stored.headers = response.headers.filter { names.contains($0.name.lowercased()) }
        let encoded = try stored.encoded()
        guard encoded.count <= configuration.maximumStoredResponseSize else {
            throw IdempotencyError(
                code: .responseTooLarge,
                message: "The response takes \(encoded.count) bytes; the idempotency store keeps at most "
                    + "\(configuration.maximumStoredResponseSize). Return less data or raise maximumStoredResponseSize."
            )
        }
        return IdempotencyCompletion(
            id: id,
            token: lease.token,
            response: stored,
            encodedResponse: encoded,
            expiresAt: clock.now.adding(configuration.recordTTL)
        )
    }
}
