import Foundation

/// A finished request's response, ready to be written over its in-flight record.
public struct IdempotencyCompletion: Hashable, Sendable {
    /// The record to complete.
    public let id: IdempotencyRecordID
    /// The token of the lease the completer holds; the write succeeds only if it still matches.
    public let token: LeaseToken
    /// The response to store, already reduced to the replayed headers.
    public let response: IdempotentResponse
    /// ``response`` in its portable encoding, already checked against the size limit.
    public let encodedResponse: [UInt8]
    /// When the completed record expires (completion time plus the TTL).
    public let expiresAt: Date

    /// Creates a completion; ``IdempotencyClaim/completion(with:)`` is the usual way.
    public init(id: IdempotencyRecordID, token: LeaseToken, response: IdempotentResponse, encodedResponse: [UInt8], expiresAt: Date) {
        self.id = id
        self.token = token
        self.response = response
        self.encodedResponse = encodedResponse
        self.expiresAt = expiresAt
    }
}
