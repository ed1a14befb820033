import Dispatch
import Foundation
import Synchronization

/// The hand-off between async callers and a device thread: callers append jobs, the
/// thread blocks in ``next()`` until one is there.
final class JobQueue: Sendable {
    /// Resumed exactly once, by the device thread or by ``submit(_:)``'s caller when the
    /// queue refuses the job; an unsafe continuation saves the per-request allocation of a
    /// checked one on the hot path.
    typealias Reply = UnsafeContinuation<Result<ModbusResponse, ModbusError>, Never>

    enum Job: Sendable {
        case request(ModbusRequest, Reply)
        /// A partial task that prefers the device thread as its executor.
        case task(UnownedJob)
        /// Close the connection and end the thread; resumes its continuation when done.
        case shutdown(UnsafeContinuation<Void, Never>?)
    }

    private struct State: ~Copyable {
        var jobs: [Job] = []
        var head = 0
        var closed = false
    }

    private static let yieldsBeforeSleeping = 16
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    /// Queues a job; returns `false` when the queue was already shut down.
    func submit(_ job: Job) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            if case .shutdown = job {
                state.closed = true
            }
            state.jobs.append(job)
            return true
        }
        if accepted {
            available.signal()
        }
        return accepted
    }

    /// Blocks the calling (device) thread until a job is queued.
    func next() -> Job {
        // A caller polling in a loop sends its next request a few microseconds after the
        // previous reply; yielding a few times first saves the sleep/wake-up round trip
        // that would otherwise dominate a loopback request. Bounded, and it yields the CPU.
        var acquired = false
        for _ in 0..<Self.yieldsBeforeSleeping where !acquired {
            acquired = available.wait(timeout: .now()) == .success
            if !acquired {
                sched_yield()
            }
        }
        if !acquired {
            available.wait()
        }
        return state.withLock { state in
            let job = state.jobs[state.head]
            state.head += 1
            if state.head == state.jobs.count {
                // Drained: reuse the storage instead of growing it.
                state.jobs.removeAll(keepingCapacity: true)
                state.head = 0
            } else if state.head >= 64, state.head * 2 >= state.jobs.count {
                // Compact now and then rather than shifting the array on every job.
                state.jobs.removeFirst(state.head)
                state.head = 0
            }
            return job
        }
    }
}
