/// One observation of a data item: a sample, an event or a condition.
///
/// Each observation also says where it was reported (device and component), so that a
/// flat list or a stream of observations needs no tree around it.
public struct Observation: Sendable, Hashable, Codable {
    public var dataItemId: String
    public var category: DataItemCategory
    /// For samples and events the element name (`Position`, `Execution`); for conditions
    /// the `type` attribute (`TEMPERATURE`, `SYSTEM`), since the element names the level.
    public var type: String
    public var sequence: UInt64
    public var timestamp: MTConnectTimestamp
    public var name: String?
    public var subType: String?
    public var compositionId: String?
    public var value: ObservationValue
    /// Statistic observations: `AVERAGE`, `MAXIMUM`, … with the period in ``duration``.
    public var statistic: String?
    public var duration: Double?
    /// Why a statistic, data set or table restarted (`DAY`, `MANUAL`, …).
    public var resetTriggered: String?
    public var deviceName: String
    public var deviceUUID: String?
    public var componentId: String
    /// Attributes not modelled above (`assetType`, `count`, `nativeUnits`, …), by local name.
    public var otherAttributes: [String: String]

    public init(dataItemId: String, category: DataItemCategory, type: String, sequence: UInt64,
                timestamp: MTConnectTimestamp, name: String? = nil, subType: String? = nil,
                compositionId: String? = nil, value: ObservationValue, statistic: String? = nil,
                duration: Double? = nil, resetTriggered: String? = nil, deviceName: String = "",
                deviceUUID: String? = nil, componentId: String = "", otherAttributes: [String: String] = [:]) {
        self.dataItemId = dataItemId
        self.category = category
        self.type = type
        self.sequence = sequence
        self.timestamp = timestamp
        self.name = name
        self.subType = subType
        self.compositionId = compositionId
        self.value = value
        self.statistic = statistic
        self.duration = duration
        self.resetTriggered = resetTriggered
        self.deviceName = deviceName
        self.deviceUUID = deviceUUID
        self.componentId = componentId
        self.otherAttributes = otherAttributes
    }

    /// True for `UNAVAILABLE` samples and events and for `<Unavailable>` conditions.
    public var isUnavailable: Bool {
        switch value {
        case .unavailable: true
        case .condition(let condition): condition.level == .unavailable
        default: false
        }
    }
}
