import Dispatch
import Synchronization

/// The hand-off between async callers and one connection's worker thread.
///
/// Callers append jobs and return to the cooperative pool at once; only the worker thread
/// blocks, on the semaphore, while it waits for work.
final class ConnectionJobQueue: Sendable {
    struct Job: Sendable {
        let commands: [RedisCommand]
        let continuation: CheckedContinuation<Result<[RESPValue], RedisError>, Never>
    }

    private struct State {
        var jobs: [Job] = []
        var closed = false
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Queues a job, or fails it at once when the queue is closed.
    func submit(_ job: Job) {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            wakeUp.signal()
        } else {
            job.continuation.resume(returning: .failure(.closed))
        }
    }

    /// Blocks the calling (worker) thread until there is a job; `nil` once the queue is closed.
    func next() -> Job? {
        while true {
            wakeUp.wait()
            let (job, closed): (Job?, Bool) = state.withLock { state in
                if !state.jobs.isEmpty {
                    return (state.jobs.removeFirst(), false)
                }
                return (nil, state.closed)
            }
            if let job { return job }
            if closed { return nil }
        }
    }

    /// Fails the queued jobs and lets the worker finish its current one and exit.
    func close() {
        let pending: [Job] = state.withLock { state in
            state.closed = true
            defer { state.jobs.removeAll() }
            return state.jobs
        }
        for job in pending {
            job.continuation.resume(returning: .failure(.closed))
        }
        wakeUp.signal()
    }

    var isClosed: Bool {
        state.withLock { $0.closed }
    }
}
