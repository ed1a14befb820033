import Foundation

/// What the server derives from a machine's observations and keeps in `machine_state`.
struct MachineState: Sendable, Equatable {
    var execution: String?
    var partCount: Int?
    /// Milliseconds; the last cycle boundary (part count increment or cycle signal edge).
    var cycleStartedAt: Int?
    var lastCycleTime: Double?
    /// Milliseconds; when the last measured cycle ended.
    var measuredAt: Int?
    var cycleCount: Int = 0
    var cycleSource: String?
    /// What marks this machine's cycle boundaries; the best one seen so far.
    var cycleBasis: CycleBasis?

    init() {}
}
