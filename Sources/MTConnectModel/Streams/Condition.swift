/// The state of a condition observation.
public struct Condition: Sendable, Hashable, Codable {
    public var level: ConditionLevel
    public var nativeCode: String?
    public var nativeSeverity: String?
    /// `HIGH` or `LOW` when the value is out of range on that side.
    public var qualifier: String?
    /// Identifies one of several concurrent conditions of the same data item (1.8+).
    public var conditionId: String?
    /// The text of the element, if any.
    public var message: String?

    public init(level: ConditionLevel, nativeCode: String? = nil, nativeSeverity: String? = nil,
                qualifier: String? = nil, conditionId: String? = nil, message: String? = nil) {
        self.level = level
        self.nativeCode = nativeCode
        self.nativeSeverity = nativeSeverity
        self.qualifier = qualifier
        self.conditionId = conditionId
        self.message = message
    }
}

/// The level of a condition, named as its XML element.
public enum ConditionLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case normal = "NORMAL"
    case warning = "WARNING"
    case fault = "FAULT"
    case unavailable = "UNAVAILABLE"
}
