import GRDB

extension DatabaseWriter {
    /// One write transaction that runs to its end once started, like a statement sent to SQLite.
    ///
    /// GRDB's async `write` stops at task cancellation (it interrupts the statement). A relay or
    /// a gate cancelled during shutdown would then, for example, have published an event and
    /// not recorded it as sent, so it would be published again. The completion-based access
    /// ignores cancellation; it still runs on the writer's queue, off the concurrency pool.
    package func uncancellableWrite<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            asyncWrite(updates) { _, result in continuation.resume(with: result) }
        }
    }

    /// One read (a snapshot of the committed data) that runs to its end once started.
    package func uncancellableRead<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            asyncRead { database in
                continuation.resume(with: Result { try value(database.get()) })
            }
        }
    }
}
