import Foundation

/// Turns successive snapshots of inputs and counters into events. Pure logic, no I/O.
///
/// The previous snapshot survives disconnects, so changes that happened while the device
/// was unreachable still surface (as edges and missed pulses) on the first poll after.
///
/// A poll reads counters first and inputs second, so an edge can land between the two
/// reads: the input shows it in this poll, the counter only in the next. Such an edge is
/// kept as a credit for one poll instead of being reported as a missed pulse later.
struct EdgeDetector {
    private var inputs: [Bool]?
    private var counters: [UInt32]?
    private var unmatchedEdges: [UInt64] = []

    /// Counters this close to 2³² that come back this small wrapped rather than reset.
    private static let wrapWindow: UInt32 = 1 << 28

    mutating func update(inputs newInputs: [Bool], counters newCounters: [UInt32]?, at timestamp: Date) -> [ModbusPollEvent] {
        defer {
            inputs = newInputs
            counters = newCounters
        }
        guard let inputs, inputs.count == newInputs.count else { return [] }
        var events: [ModbusPollEvent] = []
        var risingEdges = [UInt64](repeating: 0, count: newInputs.count)
        for channel in newInputs.indices where inputs[channel] != newInputs[channel] {
            let direction: InputEdge.Direction = newInputs[channel] ? .rising : .falling
            if direction == .rising {
                risingEdges[channel] = 1
            }
            events.append(.edge(InputEdge(channel: channel, direction: direction, timestamp: timestamp)))
        }
        guard let counters, let newCounters, counters.count == newCounters.count, newCounters.count <= newInputs.count else {
            return events
        }
        if unmatchedEdges.count != newCounters.count {
            unmatchedEdges = [UInt64](repeating: 0, count: newCounters.count)
        }
        for channel in newCounters.indices {
            let old = counters[channel]
            let new = newCounters[channel]
            let available = unmatchedEdges[channel] + risingEdges[channel]
            guard old != new else {
                unmatchedEdges[channel] = min(available, 1)
                continue
            }
            let wrapped = new < old && old >= UInt32.max - Self.wrapWindow && new < Self.wrapWindow
            let wasReset = new < old && !wrapped
            let delta = wasReset ? UInt64(new) : UInt64(new &- old)
            events.append(.counter(CounterChange(channel: channel, value: new, delta: delta, wasReset: wasReset, timestamp: timestamp)))
            let matched = min(delta, available)
            if delta > matched {
                events.append(.missedPulses(MissedPulses(channel: channel, count: delta - matched, timestamp: timestamp)))
            }
            // At most one edge can be ahead of its count; more means the counter is stopped.
            unmatchedEdges[channel] = min(available - matched, 1)
        }
        return events
    }
}
