/// How a ``SQLiteIdempotencyStore`` uses its database.
public struct SQLiteIdempotencyStoreConfiguration: Sendable {
    /// The largest encoded response the store writes, in bytes. Default: 4 MiB.
    public var maximumResponseSize = 4 << 20
    /// How long a statement waits for another connection's write lock before failing, in
    /// milliseconds. Default: 5000.
    public var busyTimeoutMilliseconds = 5000

    /// The default configuration.
    public init() {}
}
