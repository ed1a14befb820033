import Dispatch
import Foundation
import Synchronization

/// A thread of its own for a C context that must stay on one thread (a `modbus_t`, a
/// `redisContext`, an `rd_kafka_t`), and the queue through which any thread hands it jobs.
///
/// Callers ``submit(_:)`` and return to what they were doing; the thread runs the jobs one at
/// a time, in the order they were submitted, with ``next()`` (which blocks until there is one)
/// or ``takeAll(waitingUpTo:)`` (for a thread that also polls its C library). Blocking calls
/// therefore never run on the Swift cooperative pool. Only `Sendable` jobs cross; the context
/// itself is created, used and freed inside the thread's body.
///
/// Closing refuses every later job, so that its owner can fail it at once with its own typed
/// error: ``submitLast(_:)`` lets the jobs already queued run first (a graceful shutdown),
/// ``close()`` takes them back unrun.
package final class DedicatedThread<Job: Sendable>: Sendable {
    private struct State: ~Copyable {
        var jobs: [Job] = []
        /// Jobs before `head` were taken; the storage is reused instead of shifted per job.
        var head = 0
        var closed = false

        var isEmpty: Bool { head == jobs.count }

        mutating func takeFirst() -> Job {
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }

        mutating func takeAll() -> [Job] {
            defer {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return head == 0 ? jobs : Array(jobs[head...])
        }
    }

    /// A caller polling in a loop sends its next job a few microseconds after the previous
    /// answer; yielding a few times before sleeping saves the sleep/wake-up round trip that
    /// would otherwise dominate a loopback request. Bounded, and it gives up the CPU.
    private static var yieldsBeforeSleeping: Int { 16 }

    private let state = Mutex(State())
    /// Signalled once per submitted job and once when the queue closes, so a wake-up is
    /// never lost between looking at the queue and waiting.
    private let available = DispatchSemaphore(value: 0)
    private let thread = Mutex<Thread?>(nil)

    package init() {}

    /// Starts the thread, named `name` for debuggers and crash reports, which runs `body` and
    /// ends when `body` returns. Call once, before the first job can be submitted.
    package func start(name: String, _ body: @escaping @Sendable () -> Void) {
        thread.withLock { thread in
            precondition(thread == nil, "DedicatedThread.start(name:_:) called twice")
            let started = Thread(block: body)
            started.name = name
            started.start()
            thread = started
        }
    }

    /// Whether the caller runs on this thread.
    package var isCurrentThread: Bool {
        thread.withLock { $0 === Thread.current }
    }

    /// Whether the queue refuses jobs.
    package var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// Queues `job`; `false` (and `job` not queued) once the queue is closed.
    package func submit(_ job: Job) -> Bool {
        enqueue(job, closing: false)
    }

    /// Queues `job` as the last one: it runs after the jobs already queued, and every later
    /// job is refused. `false` (and `job` not queued) when the queue was already closed.
    package func submitLast(_ job: Job) -> Bool {
        enqueue(job, closing: true)
    }

    /// Closes the queue and returns the jobs that had not started, for the owner to fail;
    /// the thread finishes the job it is running, and ``next()`` then returns `nil`.
    package func close() -> [Job] {
        let pending = state.withLock { state in
            state.closed = true
            return state.takeAll()
        }
        available.signal()
        return pending
    }

    /// On the thread: blocks until there is a job and returns it, or returns `nil` once the
    /// queue is closed and every job it accepted was taken.
    package func next() -> Job? {
        while true {
            wait()
            let (job, closed) = state.withLock { state -> (Job?, Bool) in
                state.isEmpty ? (nil, state.closed) : (state.takeFirst(), false)
            }
            if let job {
                return job
            }
            if closed {
                // Whoever asks again must not block either.
                available.signal()
                return nil
            }
            // Otherwise a signal whose job `takeAll(waitingUpTo:)` took already.
        }
    }

    /// On the thread: waits up to `timeout` when the queue is empty, then takes every job
    /// queued, in order (none when the wait ran out or the queue is closed and empty).
    package func takeAll(waitingUpTo timeout: Duration) -> [Job] {
        if state.withLock({ $0.isEmpty }) {
            _ = available.wait(timeout: .now() + .nanoseconds(Int(max(timeout, .zero).wholeNanoseconds)))
        }
        return state.withLock { $0.takeAll() }
    }

    private func enqueue(_ job: Job, closing: Bool) -> Bool {
        let accepted = state.withLock { state in
            guard !state.closed else { return false }
            state.jobs.append(job)
            state.closed = closing
            return true
        }
        if accepted {
            available.signal()
            if closing {
                // One more, for the `nil` that `next()` returns once the last job was taken.
                available.signal()
            }
        }
        return accepted
    }

    private func wait() {
        for _ in 0..<Self.yieldsBeforeSleeping {
            if available.wait(timeout: .now()) == .success { return }
            sched_yield()
        }
        available.wait()
    }
}
