@testable import MTConnectAgent
import MTConnectModel
import Testing

@Suite struct SequenceTrackerTests {
    static func document(instance: UInt64 = 7, first: UInt64, next: UInt64, sequences: [UInt64]) -> StreamsDocument {
        let observations = sequences.map { sequence in
            Observation(
                dataItemId: "d\(sequence)", category: .event, type: "PROGRAM", sequence: sequence,
                timestamp: MTConnectTimestamp(iso8601: "2024-01-01T00:00:00Z")!, value: .text("v"),
                deviceName: "Mill", componentId: "mill"
            )
        }
        return StreamsDocument(
            header: Header(instanceId: instance, firstSequence: first, lastSequence: max(next, 2) - 1, nextSequence: next),
            deviceStreams: [DeviceStream(name: "Mill", componentStreams: [ComponentStream(component: "Device", componentId: "mill", observations: observations)])]
        )
    }

    static func sequences(_ events: [AgentEvent]) -> [UInt64] {
        events.compactMap { if case .observation(let observation) = $0 { observation.sequence } else { nil } }
    }

    @Test("starting at current delivers the snapshot in sequence order and continues after it")
    func startsAtCurrent() {
        var tracker = SequenceTracker()
        let events = tracker.begin(from: Self.document(first: 1, next: 20, sequences: [12, 3, 19]), position: .current)
        #expect(Self.sequences(events) == [3, 12, 19])
        #expect(tracker.next == 20)
    }

    @Test("repeated and out-of-order observations are delivered once, in order")
    func dropsRepeats() {
        var tracker = SequenceTracker()
        _ = tracker.begin(from: Self.document(first: 1, next: 5, sequences: []), position: .earliest)
        guard case .accepted(let first) = tracker.accept(Self.document(first: 1, next: 9, sequences: [6, 5, 7, 8, 1, 2, 3, 4])) else {
            Issue.record("rejected")
            return
        }
        #expect(Self.sequences(first) == [1, 2, 3, 4, 5, 6, 7, 8])
        guard case .accepted(let second) = tracker.accept(Self.document(first: 1, next: 11, sequences: [7, 8, 9, 10])) else {
            Issue.record("rejected")
            return
        }
        #expect(Self.sequences(second) == [9, 10])
        #expect(tracker.next == 11)
    }

    @Test("a document whose buffer starts past the next sequence reports the gap")
    func reportsGapInDocument() {
        var tracker = SequenceTracker()
        _ = tracker.begin(from: Self.document(first: 1, next: 10, sequences: []), position: .current)
        guard case .accepted(let events) = tracker.accept(Self.document(first: 25, next: 27, sequences: [25, 26])) else {
            Issue.record("rejected")
            return
        }
        #expect(events.first == .gap(SequenceGap(expected: 10, resumedAt: 25)))
        #expect(Self.sequences(events) == [25, 26])
    }

    @Test("another instance id is reported and nothing of it is delivered until resynced")
    func detectsRestart() {
        var tracker = SequenceTracker()
        _ = tracker.begin(from: Self.document(first: 1, next: 10, sequences: []), position: .current)
        guard case .instanceChanged(let instance) = tracker.accept(Self.document(instance: 8, first: 1, next: 3, sequences: [1, 2])) else {
            Issue.record("a new instance was accepted")
            return
        }
        #expect(instance == 8)
        let events = tracker.begin(from: Self.document(instance: 8, first: 1, next: 3, sequences: [2]), position: .current)
        #expect(events == [.agentRestarted(previousInstanceId: 7, instanceId: 8), .resynced(nextSequence: 1)])
        #expect(tracker.next == 1)
    }

    @Test("after an overrun the gap runs from the expected sequence to the oldest one kept")
    func resyncsAfterOverrun() {
        var tracker = SequenceTracker()
        _ = tracker.begin(from: Self.document(first: 1, next: 10, sequences: []), position: .current)
        let events = tracker.begin(from: Self.document(first: 40, next: 90, sequences: [88]), position: .current)
        #expect(events == [.gap(SequenceGap(expected: 10, resumedAt: 40)), .resynced(nextSequence: 40)])
        #expect(SequenceGap(expected: 10, resumedAt: 40).lost == 30)
    }
}

@Suite struct ReconnectBackoffTests {
    @Test("a follower waits 0.5 s doubling to 30 s with ±20 % jitter by default")
    func defaultBackoff() {
        #expect(AgentFollowerConfiguration().backoff == Backoff(initial: .milliseconds(500), maximum: .seconds(30), multiplier: 2, jitter: 0.2))
    }
}

@Suite struct AgentEndpointTests {
    @Test("builds device-scoped URLs and percent-encodes the path filter")
    func buildsURLs() throws {
        let endpoint = try AgentEndpoint(url: "http://127.0.0.1:5000/probe/", device: "Mill 1", path: #"//DataItem[@type="EXECUTION"]"#)
        #expect(endpoint.probe == "http://127.0.0.1:5000/Mill%201/probe")
        #expect(endpoint.current == "http://127.0.0.1:5000/Mill%201/current?path=%2F%2FDataItem%5B%40type%3D%22EXECUTION%22%5D")
        #expect(endpoint.sample(from: 42, count: 100, interval: .milliseconds(250), heartbeat: .seconds(10))
            == "http://127.0.0.1:5000/Mill%201/sample?from=42&count=100&interval=250&heartbeat=10000&path=%2F%2FDataItem%5B%40type%3D%22EXECUTION%22%5D")
    }

    @Test("rejects URLs and device names that cannot address an agent", arguments: [
        ("ftp://agent", nil), ("agent:5000", nil), ("http://agent", "a/b"), ("http://agent", ""),
    ] as [(String, String?)])
    func rejects(url: String, device: String?) {
        #expect(throws: AgentFollowerError.self) {
            _ = try AgentEndpoint(url: url, device: device, path: nil)
        }
    }
}
