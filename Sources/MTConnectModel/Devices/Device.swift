/// A device (`<Device>` or `<Agent>`) in a probe document: the root of a component tree.
public struct Device: Sendable, Hashable, Codable {
    /// `Device`, or `Agent` for the agent's own device in 1.7 and later.
    public var elementName: String
    public var id: String
    public var name: String?
    public var uuid: String?
    /// The device's `mtconnectVersion` attribute (2.0+), when present.
    public var mtconnectVersion: String?
    public var description: ComponentDescription?
    public var dataItems: [DataItem]
    public var components: [Component]
    public var compositions: [Composition]
    /// Attributes not modelled above, by local name.
    public var otherAttributes: [String: String]
    /// Child elements not modelled above (configuration, references, extensions).
    public var otherElements: [GenericElement]

    public init(elementName: String = "Device", id: String, name: String? = nil, uuid: String? = nil,
                mtconnectVersion: String? = nil, description: ComponentDescription? = nil,
                dataItems: [DataItem] = [], components: [Component] = [], compositions: [Composition] = [],
                otherAttributes: [String: String] = [:], otherElements: [GenericElement] = []) {
        self.elementName = elementName
        self.id = id
        self.name = name
        self.uuid = uuid
        self.mtconnectVersion = mtconnectVersion
        self.description = description
        self.dataItems = dataItems
        self.components = components
        self.compositions = compositions
        self.otherAttributes = otherAttributes
        self.otherElements = otherElements
    }

    /// The device's own data items followed by those of every component, depth first.
    public var allDataItems: [DataItem] {
        dataItems + components.flatMap(\.allDataItems)
    }

    /// Every component below the device, depth first.
    public var allComponents: [Component] {
        components.flatMap { [$0] + $0.allComponents }
    }
}
