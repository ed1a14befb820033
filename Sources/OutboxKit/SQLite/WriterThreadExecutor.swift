import Foundation
import GRDB

/// Runs an async body on the thread of a GRDB write, so that it can use the `Database` there.
///
/// GRDB's writes take synchronous closures and check that a `Database` is used only on its
/// writer's queue, while ``OutboxStore/withTransaction(_:)`` hands its body an async closure.
/// Inside the write, the body runs as a task that prefers this executor; the writer's thread
/// runs the task's jobs until the body returns. Nonisolated code of the body therefore runs on
/// that thread, inside the transaction; work the body awaits elsewhere (an actor, I/O) hops away
/// and back while the writer keeps the transaction open, as `BEGIN … COMMIT` around awaits does.
///
/// `@unchecked Sendable`: `jobs` and `finished` are only read and written with `condition` locked.
final class WriterThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    func enqueue(_ job: consuming ExecutorJob) {
        condition.lock()
        if finished {
            condition.unlock()
            // A job arriving after the body returned (a task that inherited the preference)
            // must still run; the writer's thread has moved on.
            globalConcurrentExecutor.enqueue(job)
            return
        }
        jobs.append(UnownedJob(job))
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` with `database` and returns its result; call it on the writer's thread.
    static func run<Result: Sendable>(
        _ database: Database,
        _ body: TransactionBody<Result>
    ) throws -> Result {
        let executor = WriterThreadExecutor()
        let outcome = Outcome<Result>()
        let handle = UncheckedDatabase(database)
        // Waited for below: the body runs to its end before this call returns.
        Task(executorPreference: executor) {
            do {
                outcome.value = .success(try await body.call(handle.database))
            } catch {
                outcome.value = .failure(error)
            }
            executor.finish()
        }
        executor.runUntilFinished()
        return try outcome.value!.get()
    }

    private func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func runUntilFinished() {
        let unowned = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while jobs.isEmpty && !finished {
                condition.wait()
            }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch {
                job.runSynchronously(on: unowned)
            }
        }
    }
}

/// The body's result, written by the task and read by the writer's thread after `finish()`.
///
/// `@unchecked Sendable`: written once before `finish()` takes the executor's lock, read after
/// `runUntilFinished()` saw `finished` under that lock, so the lock orders the two accesses.
private final class Outcome<Value>: @unchecked Sendable {
    var value: Swift.Result<Value, any Error>?
}

/// The write's `Database`, carried into the task that runs on the same thread.
///
/// `@unchecked Sendable`: the task's nonisolated code runs on the writer's thread (see
/// ``WriterThreadExecutor``), the only thread GRDB lets use the database; GRDB itself checks it.
private struct UncheckedDatabase: @unchecked Sendable {
    let database: Database
    init(_ database: Database) { self.database = database }
}

/// The body of a ``SQLiteOutboxStore/withTransaction(_:)`` as the escaping closures of GRDB's
/// write and of the body's task hold it: those may be released a moment after the write has
/// returned, later than `withoutActuallyEscaping` allows for the body itself, so they hold
/// this box, which the transaction empties before it returns.
///
/// `@unchecked Sendable`: `body` is set once at creation and cleared once after the write has
/// returned, when nothing calls it any more; both under `lock`.
final class TransactionBody<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var body: (@Sendable (Database) async throws -> Result)?

    init(_ body: @escaping @Sendable (Database) async throws -> Result) {
        self.body = body
    }

    func call(_ database: Database) async throws -> Result {
        let body = lock.withLock { self.body }
        guard let body else { throw CancellationError() }
        return try await body(database)
    }

    func clear() {
        lock.withLock { body = nil }
    }
}
