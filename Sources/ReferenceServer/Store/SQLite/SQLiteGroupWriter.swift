import GRDB
import Synchronization

/// Every write of the server goes through here, in arrival order, on GRDB's one writer
/// connection — no second writer in the process, so no busy-handler sleeps.
///
/// Group commit: writes that arrive while a transaction is running wait for it and then go
/// together in the next one, each in a savepoint of its own. A write that throws rolls back
/// its savepoint alone; the others commit. Every caller is answered only after the COMMIT
/// that holds its data returned (or with the COMMIT's error, when that failed).
final class SQLiteGroupWriter: Sendable {
    /// One caller's write, run inside the batch's transaction; returns how to answer the caller
    /// once the transaction's fate is known.
    private struct Job: Sendable {
        let run: @Sendable (Database) -> @Sendable (_ commitError: (any Error)?) -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private struct State {
        var pending: [Job] = []
        var scheduled = false
    }

    private let pool: DatabasePool
    private let state = Mutex(State())
    /// A bound on a transaction's size, so one commit never holds a long queue's worth of work.
    private let maximumBatch: Int
    private let statistics = Mutex((transactions: 0, writes: 0))

    /// Runs on the writer queue when a transaction fails to commit, before any caller is
    /// answered: for state kept in memory beside the file.
    private let onFailedCommit: @Sendable () -> Void

    init(pool: DatabasePool, maximumBatch: Int = 512, onFailedCommit: @escaping @Sendable () -> Void = {}) {
        self.pool = pool
        self.maximumBatch = maximumBatch
        self.onFailedCommit = onFailedCommit
    }

    /// How many transactions have committed and how many writes they held (for tests and
    /// metrics: `writes / transactions` is the group-commit factor).
    var counts: (transactions: Int, writes: Int) { statistics.withLock { $0 } }

    /// Runs `body` in a savepoint of the next group transaction and returns its result once
    /// that transaction has committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(Job(run: { database in
                let result: Result<T, any Error>
                do {
                    var value: T?
                    try database.inSavepoint {
                        value = try body(database)
                        return .commit
                    }
                    result = .success(value!)
                } catch {
                    result = .failure(Self.unavailable(error) ?? error)
                }
                return { commitError in
                    if let commitError {
                        continuation.resume(throwing: commitError)
                    } else {
                        continuation.resume(with: result)
                    }
                }
            }, fail: { error in continuation.resume(throwing: error) }))
        }
    }

    /// A failure that another try can get past, of the transaction or of one write in it: the
    /// file locked by another process beyond the busy timeout, a full or failing disk, a
    /// read-only file.
    static func unavailable(_ error: any Error) -> StoreUnavailable? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_FULL, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_CANTOPEN:
            return StoreUnavailable(reason: "SQLite \(error.resultCode): \(error.message ?? "-")")
        default:
            return nil
        }
    }

    private func enqueue(_ job: Job) {
        let schedule = state.withLock { state in
            state.pending.append(job)
            guard !state.scheduled else { return false }
            state.scheduled = true
            return true
        }
        if schedule { scheduleBatch() }
    }

    private func scheduleBatch() {
        // GRDB runs this on its writer queue (a thread of its own, never the cooperative pool).
        pool.asyncWriteWithoutTransaction { database in
            self.runBatch(database)
        }
    }

    private func runBatch(_ database: Database) {
        let (jobs, another): ([Job], Bool) = state.withLock { state in
            let taken = Array(state.pending.prefix(maximumBatch))
            state.pending.removeFirst(taken.count)
            // Arrivals from now on schedule a batch themselves, unless one is still due for
            // the jobs that did not fit in this one.
            state.scheduled = !state.pending.isEmpty
            return (taken, state.scheduled)
        }
        var answers: [@Sendable ((any Error)?) -> Void] = []
        answers.reserveCapacity(jobs.count)
        var commitError: (any Error)?
        do {
            try database.inTransaction(.immediate) {
                for job in jobs { answers.append(job.run(database)) }
                return .commit
            }
            statistics.withLock { $0.transactions += 1; $0.writes += jobs.count }
        } catch {
            commitError = Self.unavailable(error) ?? error
            onFailedCommit()
        }
        for answer in answers { answer(commitError) }
        // BEGIN itself failed: the jobs never ran, and must still be answered.
        for job in jobs.dropFirst(answers.count) { job.fail(commitError ?? CancellationError()) }
        if another { scheduleBatch() }
    }
}
