/// How a ``RedisIdempotencyStore`` names and sizes its records.
public struct RedisIdempotencyStoreConfiguration: Sendable, Hashable {
    /// Prepended to every record's key, so records share a Redis database with other data
    /// without clashing. Default: `idempotency:`.
    public var keyPrefix: String
    /// The largest encoded response the store writes, in bytes. Default: 16 MiB.
    ///
    /// Redis accepts strings up to 512 MB, but every large value stalls the single-threaded
    /// server while it is copied; the gate's own limit (1 MiB by default) normally applies first.
    public var maximumResponseSize: Int
    /// How many keys ``RedisIdempotencyStore/removeExpired(now:)`` examines per `SCAN` step.
    /// Default: 500.
    public var scanBatchSize: Int

    /// A configuration with the given values.
    public init(keyPrefix: String = "idempotency:", maximumResponseSize: Int = 16 << 20, scanBatchSize: Int = 500) {
        self.keyPrefix = keyPrefix
        self.maximumResponseSize = maximumResponseSize
        self.scanBatchSize = scanBatchSize
    }
}
