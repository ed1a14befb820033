/// A `<ComponentStream>`: the observations of one component of a device.
public struct ComponentStream: Sendable, Hashable, Codable {
    /// The component type, such as `Path` or `Linear`.
    public var component: String
    public var componentId: String
    public var name: String?
    public var nativeName: String?
    public var uuid: String?
    /// Samples, events and conditions in document order.
    public var observations: [Observation]

    public init(component: String, componentId: String, name: String? = nil, nativeName: String? = nil,
                uuid: String? = nil, observations: [Observation] = []) {
        self.component = component
        self.componentId = componentId
        self.name = name
        self.nativeName = nativeName
        self.uuid = uuid
        self.observations = observations
    }
}
