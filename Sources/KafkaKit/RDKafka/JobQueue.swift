import Foundation
import Dispatch
import Synchronization

/// Work handed to a thread that owns librdkafka objects. Jobs receive the thread's context,
/// which never leaves that thread; only Sendable values cross in and out.
final class JobQueue<Context>: Sendable {
    typealias Job = @Sendable (Context) -> Void

    private let jobs = Mutex<[Job]>([])
    // Counts submissions, so a wake-up is never lost between the check and the wait.
    private let signal = DispatchSemaphore(value: 0)

    func submit(_ job: @escaping Job) {
        jobs.withLock { $0.append(job) }
        signal.signal()
    }

    /// Waits up to `timeout` for work, then returns everything queued.
    func take(waitingUpTo timeout: Duration) -> [Job] {
        if jobs.withLock({ $0.isEmpty }) {
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            _ = signal.wait(timeout: .now() + .nanoseconds(nanoseconds))
        }
        return jobs.withLock { jobs in
            defer { jobs = [] }
            return jobs
        }
    }
}

/// Runs a body on a new, named `Thread` (never on the Swift concurrency pool).
func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    let thread = Thread { body() }
    thread.name = name
    thread.start()
}
