/// A component of a device (`<Axes>`, `<Linear>`, `<Controller>`, `<Path>`, …).
public struct Component: Sendable, Hashable, Codable {
    /// The element's local name, which is the component type: `Linear`, `Path`, …
    public var type: String
    public var id: String
    public var name: String?
    public var nativeName: String?
    public var uuid: String?
    public var description: ComponentDescription?
    public var dataItems: [DataItem]
    public var components: [Component]
    public var compositions: [Composition]
    /// Attributes not modelled above, by local name.
    public var otherAttributes: [String: String]
    /// Child elements not modelled above (configuration, references, extensions).
    public var otherElements: [GenericElement]

    public init(type: String, id: String, name: String? = nil, nativeName: String? = nil, uuid: String? = nil,
                description: ComponentDescription? = nil, dataItems: [DataItem] = [],
                components: [Component] = [], compositions: [Composition] = [],
                otherAttributes: [String: String] = [:], otherElements: [GenericElement] = []) {
        self.type = type
        self.id = id
        self.name = name
        self.nativeName = nativeName
        self.uuid = uuid
        self.description = description
        self.dataItems = dataItems
        self.components = components
        self.compositions = compositions
        self.otherAttributes = otherAttributes
        self.otherElements = otherElements
    }

    /// This component's data items followed by those of its children, depth first.
    public var allDataItems: [DataItem] {
        dataItems + components.flatMap(\.allDataItems)
    }

    /// Every component below this one, depth first.
    public var allComponents: [Component] {
        components.flatMap { [$0] + $0.allComponents }
    }
}
