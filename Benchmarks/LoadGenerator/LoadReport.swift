/// Throughput, latency percentiles and error counts of one scenario run.
struct LoadReport: Sendable {
    var scenario: String
    var mode: String
    var requests: Int
    var elapsedSeconds: Double
    var percentilesMilliseconds: [(label: String, value: Double)]
    var statuses: [Int: Int]
    var failures: [String: Int]
    var notReplayed: Int
    var dropped: Int

    init(scenario: String, mode: String, snapshot: LatencyRecorder.Snapshot, elapsedSeconds: Double) {
        self.scenario = scenario
        self.mode = mode
        self.elapsedSeconds = elapsedSeconds
        let sorted = snapshot.latencies.sorted()
        requests = sorted.count
        percentilesMilliseconds = [("p50", 0.50), ("p90", 0.90), ("p95", 0.95), ("p99", 0.99), ("p99.9", 0.999), ("max", 1.0)].map {
            ($0.0, Self.percentile($0.1, of: sorted))
        }
        statuses = snapshot.statuses
        failures = snapshot.failures
        notReplayed = snapshot.notReplayed
        dropped = snapshot.dropped
    }

    /// Nearest-rank percentile, in milliseconds.
    static func percentile(_ fraction: Double, of sorted: [UInt64]) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return Double(sorted[min(max(rank, 1), sorted.count) - 1]) / 1_000_000
    }

    var throughput: Double { elapsedSeconds > 0 ? Double(requests) / elapsedSeconds : 0 }

    var errors: Int {
        statuses.filter { !(200..<300).contains($0.key) }.values.reduce(0, +) + failures.values.reduce(0, +) + dropped
    }

    /// A block of text for people, one figure per line.
    var text: String {
        let latencies = percentilesMilliseconds.map { "\($0.label) \(Self.format($0.value)) ms" }.joined(separator: "  ")
        let statusList = statuses.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        let failureList = failures.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        var lines = [
            "scenario \(scenario) (\(mode))",
            "  requests   \(requests) in \(Self.format(elapsedSeconds)) s = \(Self.format(throughput)) req/s",
            "  latency    \(latencies)",
            "  statuses   \(statusList.isEmpty ? "none" : statusList)",
            "  errors     \(errors)\(failureList.isEmpty ? "" : " (\(failureList))")\(dropped > 0 ? " dropped \(dropped)" : "")",
        ]
        if notReplayed > 0 { lines.append("  NOT REPLAYED \(notReplayed) successful answers lacked Idempotent-Replayed: true") }
        return lines.joined(separator: "\n")
    }

    /// One Markdown table row: scenario, mode, throughput, p50, p95, p99, max, errors.
    var markdownRow: String {
        let figures = ["p50", "p95", "p99", "max"].map { label in
            Self.format(percentilesMilliseconds.first { $0.label == label }?.value ?? .nan)
        }
        return "| \(scenario) | \(mode) | \(Self.format(throughput)) | " + figures.joined(separator: " | ") + " | \(errors) |"
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(rounded)) : String(rounded)
    }
}
