/// The closed model for the maximum throughput: `concurrency` workers, each sending its next
/// request as soon as the previous one is answered. Latency is per request (service time).
struct ClosedLoopRunner: Sendable {
    let concurrency: Int
    let warmup: Duration
    let duration: Duration

    func run(_ scenario: Scenario, sender: RequestSender) async -> (LatencyRecorder.Snapshot, elapsedSeconds: Double) {
        let clock = ContinuousClock()
        let recorder = LatencyRecorder(expected: 100_000)
        let counter = AtomicCounter()
        let start = clock.now
        let measuredStart = start + warmup
        let end = measuredStart + duration
        await withDiscardingTaskGroup { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let began = clock.now
                        guard began < end else { return }
                        let index = counter.increment()
                        await sender.send(scenario.request(index), due: began, into: began >= measuredStart ? recorder : nil)
                    }
                }
            }
        }
        let snapshot = recorder.snapshot()
        let last = snapshot.lastCompletion ?? clock.now
        return (snapshot, max((last - measuredStart).inSeconds, 0.001))
    }
}
