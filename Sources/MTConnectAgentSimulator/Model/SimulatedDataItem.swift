/// A data item the simulated device publishes, as it appears in the probe document.
public struct SimulatedDataItem: Sendable, Hashable {
    /// The MTConnect category, which decides how an SHDR value is read and how it is written.
    public enum Category: String, Sendable, Hashable {
        case sample = "SAMPLE"
        case event = "EVENT"
        case condition = "CONDITION"
    }

    public var id: String
    public var name: String?
    public var category: Category
    /// The MTConnect type in upper snake case, e.g. `EXECUTION` or `ROTARY_VELOCITY`.
    public var type: String
    public var subType: String?
    public var units: String?

    public init(id: String, name: String? = nil, category: Category, type: String, subType: String? = nil, units: String? = nil) {
        self.id = id
        self.name = name
        self.category = category
        self.type = type
        self.subType = subType
        self.units = units
    }

    /// Whether SHDR carries this item as a message (native code and text).
    var isMessage: Bool { category == .event && type == "MESSAGE" }
}
