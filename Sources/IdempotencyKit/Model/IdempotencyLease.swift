import Foundation

/// The right to run a request: a token and the time until which nobody may take it over.
public struct IdempotencyLease: Hashable, Sendable {
    /// The compare-and-set token.
    public let token: LeaseToken
    /// When the lease ends; after this, one retry may take the record over.
    public let expiresAt: Date

    /// Creates a lease.
    public init(token: LeaseToken, expiresAt: Date) {
        self.token = token
        self.expiresAt = expiresAt
    }
}
