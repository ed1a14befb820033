/// A `<DataItem>` of a device or component: one stream of observations.
public struct DataItem: Sendable, Hashable, Codable {
    public var id: String
    public var category: DataItemCategory
    /// The MTConnect type, such as `POSITION` or `EXECUTION`.
    public var type: String
    public var subType: String?
    public var name: String?
    public var units: String?
    public var nativeUnits: String?
    public var nativeScale: Double?
    public var representation: Representation
    public var statistic: String?
    public var coordinateSystem: String?
    public var compositionId: String?
    public var sampleRate: Double?
    /// True when every value is an event in its own right, even if it repeats (`discrete="true"`).
    public var discrete: Bool
    public var constraints: DataItemConstraints?
    /// Attributes not modelled above, by local name.
    public var otherAttributes: [String: String]
    /// Child elements not modelled above (`Source`, `Filters`, `Definition`, …).
    public var otherElements: [GenericElement]

    public init(id: String, category: DataItemCategory, type: String, subType: String? = nil,
                name: String? = nil, units: String? = nil, nativeUnits: String? = nil,
                nativeScale: Double? = nil, representation: Representation = .value,
                statistic: String? = nil, coordinateSystem: String? = nil, compositionId: String? = nil,
                sampleRate: Double? = nil, discrete: Bool = false, constraints: DataItemConstraints? = nil,
                otherAttributes: [String: String] = [:], otherElements: [GenericElement] = []) {
        self.id = id
        self.category = category
        self.type = type
        self.subType = subType
        self.name = name
        self.units = units
        self.nativeUnits = nativeUnits
        self.nativeScale = nativeScale
        self.representation = representation
        self.statistic = statistic
        self.coordinateSystem = coordinateSystem
        self.compositionId = compositionId
        self.sampleRate = sampleRate
        self.discrete = discrete
        self.constraints = constraints
        self.otherAttributes = otherAttributes
        self.otherElements = otherElements
    }
}
