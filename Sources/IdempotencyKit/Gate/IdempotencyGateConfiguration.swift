/// How an ``IdempotencyGate`` behaves; the defaults follow the project's idempotency contract.
public struct IdempotencyGateConfiguration: Sendable {
    /// What to do when the store cannot be reached.
    public struct StoreFailurePolicy: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case reject
            case passThrough
        }

        private let base: Base

        /// Refuse the request (the HTTP glue answers 503); nothing runs without a written claim.
        public static let reject = StoreFailurePolicy(base: .reject)
        /// Run the request without idempotency protection and report that it was not recorded.
        public static let passThrough = StoreFailurePolicy(base: .passThrough)

        public var description: String {
            base == .reject ? "reject" : "pass-through"
        }
    }

    /// How long a completed record is replayed. Default: 7 days.
    public var recordTTL: Duration = .seconds(7 * 24 * 3600)
    /// How long a claimant may run before one retry may take the record over. Default: 30 s.
    ///
    /// Choose it longer than the slowest request; a takeover while the first request still runs
    /// executes the work twice.
    public var leaseDuration: Duration = .seconds(30)
    /// The store failure policy. Default: ``StoreFailurePolicy/reject``.
    public var storeFailurePolicy: StoreFailurePolicy = .reject
    /// The largest encoded response stored, in bytes. Default: 1 MiB.
    ///
    /// A larger response is returned to its caller but reported as
    /// ``IdempotencyError/Code/responseTooLarge`` and not recorded.
    public var maximumStoredResponseSize = 1 << 20
    /// The response headers stored and replayed, matched case-insensitively. Other headers
    /// (dates, request ids, cookies) are not replayed.
    public var replayedHeaderNames: Set<String> = ["content-type", "content-language", "location", "etag", "cache-control"]
    /// A prefix for the metric labels. Default: `idempotency`.
    public var metricsLabelPrefix = "idempotency"

    /// The default configuration.
    public init() {}
}
