import Synchronization

/// Collects the outcome of every measured request; shared by all request tasks.
final class LatencyRecorder: Sendable {
    struct Snapshot: Sendable {
        /// Latencies of completed requests (any HTTP status), in nanoseconds.
        var latencies: [UInt64] = []
        var statuses: [Int: Int] = [:]
        /// Transport failures and timeouts, by a short description.
        var failures: [String: Int] = [:]
        /// Replay scenario: 2xx answers without `Idempotent-Replayed: true`.
        var notReplayed = 0
        /// Requests the generator could not start because too many were in flight.
        var dropped = 0
        var lastCompletion: ContinuousClock.Instant?
    }

    private let state = Mutex(Snapshot())

    init(expected: Int) {
        state.withLock { $0.latencies.reserveCapacity(expected) }
    }

    func record(status: Int, latency: Duration, replayed: Bool?, at instant: ContinuousClock.Instant) {
        let nanoseconds = latency.nanoseconds
        state.withLock { snapshot in
            snapshot.latencies.append(nanoseconds)
            snapshot.statuses[status, default: 0] += 1
            if replayed == false, (200..<300).contains(status) { snapshot.notReplayed += 1 }
            snapshot.lastCompletion = max(instant, snapshot.lastCompletion ?? instant)
        }
    }

    func fail(_ reason: String, latency: Duration, at instant: ContinuousClock.Instant) {
        let nanoseconds = latency.nanoseconds
        state.withLock { snapshot in
            // A failed request still took this long; leaving it out would flatter the tail.
            snapshot.latencies.append(nanoseconds)
            snapshot.failures[reason, default: 0] += 1
            snapshot.lastCompletion = max(instant, snapshot.lastCompletion ?? instant)
        }
    }

    func drop() {
        state.withLock { $0.dropped += 1 }
    }

    func snapshot() -> Snapshot {
        state.withLock { $0 }
    }
}

extension Duration {
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
