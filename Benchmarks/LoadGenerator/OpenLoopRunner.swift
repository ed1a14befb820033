/// The open model: requests start on a fixed schedule whatever the server does, and each
/// latency counts from the moment its request was due, so a stall shows up in every request
/// that should have been sent during it (no coordinated omission).
struct OpenLoopRunner: Sendable {
    let rate: Int
    let warmup: Duration
    let duration: Duration
    let maximumInFlight: Int

    /// Runs the schedule and returns what the measured part (after the warm-up) recorded.
    func run(_ scenario: Scenario, sender: RequestSender) async -> (LatencyRecorder.Snapshot, elapsedSeconds: Double) {
        let clock = ContinuousClock()
        let interval = Duration.seconds(1) / rate
        let warmupCount = Int(warmup.inSeconds * Double(rate))
        let total = warmupCount + Int(duration.inSeconds * Double(rate))
        let recorder = LatencyRecorder(expected: total - warmupCount)
        let inFlight = AtomicCounter()
        let start = clock.now + .milliseconds(10)
        let measuredStart = start + interval * warmupCount
        await withDiscardingTaskGroup { group in
            var index = 0
            while index < total {
                let now = clock.now
                // Everything already due starts now: a late wake-up must not thin the schedule.
                while index < total, start + interval * index <= now {
                    let due = start + interval * index
                    let measured = index >= warmupCount ? recorder : nil
                    if inFlight.increment() >= maximumInFlight {
                        inFlight.decrement()
                        measured?.drop()
                    } else {
                        let request = scenario.request(index)
                        group.addTask {
                            await sender.send(request, due: due, into: measured)
                            inFlight.decrement()
                        }
                    }
                    index += 1
                }
                if index < total {
                    try? await clock.sleep(until: start + interval * index, tolerance: .zero)
                }
            }
        }
        let snapshot = recorder.snapshot()
        let end = snapshot.lastCompletion ?? clock.now
        return (snapshot, max((end - measuredStart).inSeconds, duration.inSeconds))
    }
}

extension Duration {
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
