/// How a ``SQLiteIdempotencyStore`` uses its database.
public struct SQLiteIdempotencyStoreConfiguration: Sendable {
    /// The largest encoded response the store writes, in bytes. Default: 4 MiB.
    public var maximumResponseSize = 4 << 20
    /// How long an access waits for another process's write lock on the same file before
    /// failing, in milliseconds; used by ``SQLiteIdempotencyStore/open(path:configuration:logger:)``
    /// (a host's own pool has its own busy mode). Writers in one process never wait on each
    /// other: GRDB serializes them. Default: 5000.
    public var busyTimeoutMilliseconds = 5000

    /// The default configuration.
    public init() {}
}
