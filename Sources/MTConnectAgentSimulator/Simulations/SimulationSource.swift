/// Something that produces the observations a simulated machine reports, one step at a time.
public protocol SimulationSource: Sendable {
    /// The observations of the next step; an empty batch means nothing changed.
    mutating func nextStep() -> [SimulatedObservation]
}
