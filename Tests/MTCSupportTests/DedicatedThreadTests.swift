import Foundation
import Synchronization
import Testing
import _MTCSupport

@Suite struct DedicatedThreadTests {
    /// A job that records its number and whether it ran on the dedicated thread.
    struct Job: Sendable {
        let number: Int
        let done: @Sendable (Int) -> Void
    }

    final class Log: Sendable {
        let entries = Mutex<[Int]>([])
        let offThread = Atomic<Int>(0)
        let finished = DispatchSemaphore(value: 0)
    }

    /// Starts a thread that runs jobs with `next()` until the queue is closed and drained.
    private func startWorker(_ thread: DedicatedThread<Job>, _ log: Log) {
        thread.start(name: "dedicated-thread-test") {
            while let job = thread.next() {
                if !thread.isCurrentThread {
                    log.offThread.add(1, ordering: .relaxed)
                }
                job.done(job.number)
            }
            log.finished.signal()
        }
    }

    @Test("jobs from many threads run one at a time on the thread, each submitter's in order")
    func fifoOnOneThread() {
        let thread = DedicatedThread<Job>()
        let log = Log()
        startWorker(thread, log)
        let record: @Sendable (Int) -> Void = { number in log.entries.withLock { $0.append(number) } }
        let refused = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { submitter in
            for index in 0..<250 where !thread.submit(Job(number: submitter * 1000 + index, done: record)) {
                refused.add(1, ordering: .relaxed)
            }
        }
        #expect(refused.load(ordering: .relaxed) == 0)
        #expect(thread.submitLast(Job(number: -1, done: record)))
        #expect(log.finished.wait(timeout: .now() + 10) == .success)
        let entries = log.entries.withLock { $0 }
        #expect(entries.count == 1001)
        #expect(entries.last == -1)
        for submitter in 0..<4 {
            let own = entries.filter { $0 >= submitter * 1000 && $0 < submitter * 1000 + 1000 }
            #expect(own == Array(submitter * 1000..<submitter * 1000 + 250))
        }
        #expect(log.offThread.load(ordering: .relaxed) == 0)
        #expect(!thread.isCurrentThread)
    }

    @Test("after the last job every submission is refused")
    func submitLastRefusesLaterJobs() {
        let thread = DedicatedThread<Job>()
        #expect(thread.submitLast(Job(number: 1) { _ in }))
        #expect(thread.isClosed)
        #expect(!thread.submit(Job(number: 2) { _ in }))
        #expect(!thread.submitLast(Job(number: 3) { _ in }))
    }

    @Test("close hands back the jobs that had not started, and next() then returns nil")
    func closeReturnsPendingJobs() {
        let thread = DedicatedThread<Job>()
        for number in 1...3 {
            #expect(thread.submit(Job(number: number) { _ in }))
        }
        #expect(thread.close().map(\.number) == [1, 2, 3])
        #expect(!thread.submit(Job(number: 4) { _ in }))
        #expect(thread.next()?.number == nil)
        #expect(thread.next()?.number == nil)
    }

    @Test("takeAll waits out its timeout when idle, and returns what is queued at once")
    func takeAllWaitsOnlyWhenEmpty() {
        let thread = DedicatedThread<Job>()
        let start = ContinuousClock.now
        #expect(thread.takeAll(waitingUpTo: .milliseconds(30)).isEmpty)
        #expect(ContinuousClock.now - start >= .milliseconds(25))
        for number in 1...3 {
            #expect(thread.submit(Job(number: number) { _ in }))
        }
        #expect(thread.takeAll(waitingUpTo: .seconds(10)).map(\.number) == [1, 2, 3])
        // The signals of the jobs taken together do not turn into jobs.
        #expect(thread.takeAll(waitingUpTo: .zero).isEmpty)
    }
}
