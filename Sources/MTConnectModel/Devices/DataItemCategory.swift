/// The category of a data item and of its observations.
public enum DataItemCategory: String, Sendable, Hashable, Codable, CaseIterable {
    /// A continuously variable, numeric value (`<Samples>`).
    case sample = "SAMPLE"
    /// A discrete state or message (`<Events>`).
    case event = "EVENT"
    /// The health of a component (`<Condition>`).
    case condition = "CONDITION"
}
