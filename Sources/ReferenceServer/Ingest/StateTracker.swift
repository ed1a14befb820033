import Foundation

/// Derives execution changes and cycle times from observations, oldest first.
///
/// Cycle boundaries are part count increments (MTConnect `PART_COUNT`) and rising edges of a
/// cycle signal (`CYCLE_START`, which Modbus sources emit). A cycle is the time from one
/// boundary to the next; when a part count jumps by several parts the time is shared among them.
///
/// A machine that reports neither is measured from `EXECUTION`: a cycle runs from one ACTIVE
/// start to the next. Only starts from a state between programs count (READY, STOPPED,
/// PROGRAM_COMPLETED, …); resuming from a pause inside a program (FEED_HOLD, INTERRUPTED,
/// OPTIONAL_STOP, PROGRAM_STOPPED, WAIT) continues the same cycle. Once a part count or cycle
/// signal appears, Execution stops measuring (see ``CycleBasis``).
struct StateTracker {
    enum Change: Sendable, Equatable {
        case executionChanged(execution: String, previous: String?, at: Date)
        case cycleTimeChanged(seconds: Double, previous: Double?, at: Date, cycleCount: Int)
    }

    private(set) var state: MachineState
    private(set) var changes: [Change] = []
    let source: String

    init(state: MachineState, source: String) {
        self.state = state
        self.source = source
    }

    mutating func apply(_ observations: [ObservationInput]) {
        let ordered = observations.enumerated().sorted {
            ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset)
        }
        for (_, observation) in ordered {
            apply(observation)
        }
    }

    private mutating func apply(_ observation: ObservationInput) {
        switch observation.type?.uppercased() {
        case "EXECUTION":
            guard let execution = observation.textValue?.uppercased(), execution != state.execution else { return }
            let previous = state.execution
            changes.append(.executionChanged(execution: execution, previous: previous, at: observation.timestamp))
            state.execution = execution
            // Without a previous state the machine may be mid-cycle: that start is unknown.
            if execution == "ACTIVE", let previous, !Self.pausesWithinCycle.contains(previous), adopt(.execution) {
                boundary(at: observation.timestamp, cycles: 1)
            }
        case "PART_COUNT":
            guard let number = observation.numberValue, number.isFinite, abs(number) < 1e15 else { return }
            adopt(.partCount)
            let count = Int(number)
            defer { state.partCount = count }
            guard let previous = state.partCount else { return }
            if count > previous {
                boundary(at: observation.timestamp, cycles: count - previous)
            } else if count < previous {
                // A counter reset starts counting afresh from this moment.
                state.cycleStartedAt = StoreTime.milliseconds(observation.timestamp)
            }
        case "CYCLE_START":
            // The value, when present, counts cycles since the last edge (pulses a poll missed).
            let cycles = observation.numberValue.map { $0.isFinite ? Int(min(max($0, 1), 10_000)) : 1 } ?? 1
            adopt(.cycleSignal)
            boundary(at: observation.timestamp, cycles: cycles)
        default:
            return
        }
    }

    /// Execution states that pause a running program rather than end it.
    static let pausesWithinCycle: Set<String> = ["FEED_HOLD", "INTERRUPTED", "OPTIONAL_STOP", "PROGRAM_STOPPED", "WAIT"]

    /// Whether `basis` measures this machine's cycles, switching to it when it is better than
    /// the current one. A boundary of the old basis is not one of the new, so measuring restarts.
    /// Only Execution is ever refused: part counts and cycle signals always measure (a Modbus
    /// source reports its counter as `PART_COUNT` only when it has no cycle channel).
    @discardableResult
    private mutating func adopt(_ basis: CycleBasis) -> Bool {
        guard let current = state.cycleBasis else {
            state.cycleBasis = basis
            return true
        }
        if basis < current {
            state.cycleBasis = basis
            if current == .execution { state.cycleStartedAt = nil }
            return true
        }
        return basis == current || basis != .execution
    }

    private mutating func boundary(at timestamp: Date, cycles: Int) {
        let now = StoreTime.milliseconds(timestamp)
        defer { state.cycleStartedAt = max(now, state.cycleStartedAt ?? now) }
        guard let started = state.cycleStartedAt, now > started, cycles > 0 else { return }
        let seconds = (Double(now - started) / 1000 / Double(cycles) * 1000).rounded() / 1000
        let previous = state.lastCycleTime
        state.cycleCount += cycles
        state.lastCycleTime = seconds
        state.measuredAt = now
        state.cycleSource = source
        if previous != seconds {
            changes.append(.cycleTimeChanged(seconds: seconds, previous: previous, at: timestamp, cycleCount: state.cycleCount))
        }
    }
}
