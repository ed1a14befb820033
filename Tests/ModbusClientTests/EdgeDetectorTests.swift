import Foundation
import Testing
@testable import ModbusClient

@Suite("Edge and missed-pulse detection")
struct EdgeDetectorTests {
    let t0 = Date(timeIntervalSince1970: 1_000)

    private func edges(_ events: [ModbusPollEvent]) -> [InputEdge] {
        events.compactMap { if case .edge(let edge) = $0 { edge } else { nil } }
    }

    private func counters(_ events: [ModbusPollEvent]) -> [CounterChange] {
        events.compactMap { if case .counter(let change) = $0 { change } else { nil } }
    }

    private func missed(_ events: [ModbusPollEvent]) -> [MissedPulses] {
        events.compactMap { if case .missedPulses(let missed) = $0 { missed } else { nil } }
    }

    @Test func firstSnapshotIsABaselineWithoutEvents() {
        var detector = EdgeDetector()
        #expect(detector.update(inputs: [true, false], counters: [5, 0], at: t0).isEmpty)
    }

    @Test func changedInputsBecomeEdgesWithChannelDirectionAndTime() {
        var detector = EdgeDetector()
        _ = detector.update(inputs: [false, true, false], counters: nil, at: t0)
        let events = detector.update(inputs: [true, false, false], counters: nil, at: t0 + 1)
        #expect(edges(events) == [
            InputEdge(channel: 0, direction: .rising, timestamp: t0 + 1),
            InputEdge(channel: 1, direction: .falling, timestamp: t0 + 1),
        ])
    }

    @Test(arguments: [
        // (counter before, counter after, rising edge seen, expected delta, expected missed)
        (UInt32(10), UInt32(11), true, UInt64(1), UInt64(0)),
        (10, 11, false, 1, 1),
        (10, 13, true, 3, 2),
        (UInt32.max - 1, 2, false, 4, 4),
    ])
    func counterDeltasBeyondTheSeenEdgesAreMissedPulses(
        before: UInt32, after: UInt32, sawEdge: Bool, delta: UInt64, missedCount: UInt64
    ) {
        var detector = EdgeDetector()
        _ = detector.update(inputs: [false], counters: [before], at: t0)
        let events = detector.update(inputs: [sawEdge], counters: [after], at: t0 + 1)
        #expect(counters(events).map(\.delta) == [delta])
        #expect(missed(events).map(\.count) == (missedCount > 0 ? [missedCount] : []))
    }

    @Test func counterGoingBackwardsIsAResetCountedFromZero() {
        var detector = EdgeDetector()
        _ = detector.update(inputs: [false], counters: [500], at: t0)
        let change = counters(detector.update(inputs: [false], counters: [2], at: t0 + 1)).first
        #expect(change?.wasReset == true)
        #expect(change?.delta == 2)
    }

    @Test func edgeSeenBeforeItsCountIsNotReportedAsMissedLater() {
        var detector = EdgeDetector()
        _ = detector.update(inputs: [false], counters: [7], at: t0)
        // The edge landed between the counter read and the input read.
        let first = detector.update(inputs: [true], counters: [7], at: t0 + 1)
        #expect(edges(first).count == 1)
        let second = detector.update(inputs: [true], counters: [8], at: t0 + 2)
        #expect(counters(second).map(\.delta) == [1])
        #expect(missed(second).isEmpty)
    }

    @Test func edgesOnAStoppedCounterDoNotHideLaterMissedPulses() {
        var detector = EdgeDetector()
        _ = detector.update(inputs: [false], counters: [0], at: t0)
        for step in 1...6 {
            _ = detector.update(inputs: [step % 2 == 1], counters: [0], at: t0 + Double(step))
        }
        let events = detector.update(inputs: [false], counters: [3], at: t0 + 10)
        #expect(missed(events).map(\.count) == [2])
    }
}
