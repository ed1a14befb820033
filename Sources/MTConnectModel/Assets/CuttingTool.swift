/// The modelled part of a `<CuttingTool>` or `<CuttingToolArchetype>` asset.
public struct CuttingTool: Sendable, Hashable, Codable {
    public var serialNumber: String?
    public var toolId: String?
    public var manufacturers: String?
    public var description: String?
    /// `<CutterStatus>` values such as `NEW`, `AVAILABLE`, `USED`.
    public var cutterStatus: [String]
    public var programToolNumber: String?
    public var programToolGroup: String?
    public var location: String?
    public var toolLife: [ToolLife]
    /// Assembly measurements (`<Measurements>` of the life cycle).
    public var measurements: [Measurement]
    public var cuttingItemCount: Int?
    public var cuttingItems: [CuttingItem]

    public init(serialNumber: String? = nil, toolId: String? = nil, manufacturers: String? = nil,
                description: String? = nil, cutterStatus: [String] = [], programToolNumber: String? = nil,
                programToolGroup: String? = nil, location: String? = nil, toolLife: [ToolLife] = [],
                measurements: [Measurement] = [], cuttingItemCount: Int? = nil, cuttingItems: [CuttingItem] = []) {
        self.serialNumber = serialNumber
        self.toolId = toolId
        self.manufacturers = manufacturers
        self.description = description
        self.cutterStatus = cutterStatus
        self.programToolNumber = programToolNumber
        self.programToolGroup = programToolGroup
        self.location = location
        self.toolLife = toolLife
        self.measurements = measurements
        self.cuttingItemCount = cuttingItemCount
        self.cuttingItems = cuttingItems
    }

    /// A `<ToolLife>` or `<ItemLife>` counter.
    public struct ToolLife: Sendable, Hashable, Codable {
        /// `MINUTES`, `PART_COUNT` or `WEAR`.
        public var type: String?
        public var countDirection: String?
        public var value: Double?
        public var initial: Double?
        public var limit: Double?
        public var warning: Double?

        public init(type: String? = nil, countDirection: String? = nil, value: Double? = nil,
                    initial: Double? = nil, limit: Double? = nil, warning: Double? = nil) {
            self.type = type
            self.countDirection = countDirection
            self.value = value
            self.initial = initial
            self.limit = limit
            self.warning = warning
        }
    }

    /// One measurement, named by its element (`FunctionalLength`, `CuttingDiameterMax`, …).
    public struct Measurement: Sendable, Hashable, Codable {
        public var type: String
        public var code: String?
        public var value: Double?
        public var nominal: Double?
        public var minimum: Double?
        public var maximum: Double?
        public var units: String?

        public init(type: String, code: String? = nil, value: Double? = nil, nominal: Double? = nil,
                    minimum: Double? = nil, maximum: Double? = nil, units: String? = nil) {
            self.type = type
            self.code = code
            self.value = value
            self.nominal = nominal
            self.minimum = minimum
            self.maximum = maximum
            self.units = units
        }
    }

    /// One `<CuttingItem>` (insert, edge) of the tool.
    public struct CuttingItem: Sendable, Hashable, Codable {
        public var indices: String?
        public var itemId: String?
        public var grade: String?
        public var manufacturers: String?
        public var measurements: [Measurement]
        public var itemLife: [ToolLife]

        public init(indices: String? = nil, itemId: String? = nil, grade: String? = nil,
                    manufacturers: String? = nil, measurements: [Measurement] = [], itemLife: [ToolLife] = []) {
            self.indices = indices
            self.itemId = itemId
            self.grade = grade
            self.manufacturers = manufacturers
            self.measurements = measurements
            self.itemLife = itemLife
        }
    }
}
