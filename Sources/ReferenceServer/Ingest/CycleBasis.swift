/// What marks a machine's cycle boundaries, best first. A machine is measured by the best
/// basis it has ever reported, so a controller that sends both a part count and Execution is
/// never measured twice.
enum CycleBasis: String, Sendable, Comparable {
    /// MTConnect `PART_COUNT` increments.
    case partCount = "part_count"
    /// Rising edges of a cycle signal (`CYCLE_START`, from Modbus sources).
    case cycleSignal = "cycle_signal"
    /// MTConnect `EXECUTION` entering `ACTIVE` from a state between programs.
    case execution

    private var rank: Int {
        switch self {
        case .partCount: 0
        case .cycleSignal: 1
        case .execution: 2
        }
    }

    /// `a < b` when `a` is the better basis.
    static func < (lhs: CycleBasis, rhs: CycleBasis) -> Bool { lhs.rank < rhs.rank }
}
