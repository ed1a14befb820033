import Synchronization

/// Bounds the write requests in progress at once, so that a server offered more writes than its
/// SQLite file can take answers 503 at once instead of queueing them without limit.
///
/// SQLite has one writer per file: write requests beyond its pace wait for the write lock, and
/// with nothing to stop them the wait (and the memory holding their bodies) grows until every
/// caller times out. Measured before this bound: ingest batches of 100 samples offered at
/// 1,000 requests/s to a server that takes ~250/s left it at 2 GB with 10 s latencies.
final class WriteAdmission: Sendable {
    /// The most write requests in progress; 0 admits every request.
    let limit: Int
    private let inProgress = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a place, or returns `false` when all `limit` are taken. Pair a `true` with ``leave()``.
    func tryEnter() -> Bool {
        guard limit > 0 else { return true }
        if inProgress.add(1, ordering: .relaxed).newValue <= limit { return true }
        inProgress.subtract(1, ordering: .relaxed)
        return false
    }

    /// Gives back a place taken by ``tryEnter()``.
    func leave() {
        guard limit > 0 else { return }
        inProgress.subtract(1, ordering: .relaxed)
    }
}
