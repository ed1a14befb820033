/// An XML element kept as it was, for content the typed model does not cover:
/// unknown elements, extension namespaces, and assets other than cutting tools.
public struct GenericElement: Sendable, Hashable, Codable {
    /// The element's local name, without prefix.
    public var name: String
    /// The namespace URI, or nil when the element has none.
    public var namespace: String?
    /// Attributes by local name, in document order.
    public var attributes: [Attribute]
    /// The element's own text, concatenated and trimmed of surrounding whitespace.
    public var text: String
    public var children: [GenericElement]

    /// One attribute of a ``GenericElement``.
    public struct Attribute: Sendable, Hashable, Codable {
        public var name: String
        public var namespace: String?
        public var value: String

        public init(name: String, namespace: String? = nil, value: String) {
            self.name = name
            self.namespace = namespace
            self.value = value
        }
    }

    public init(name: String, namespace: String? = nil, attributes: [Attribute] = [],
                text: String = "", children: [GenericElement] = []) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.text = text
        self.children = children
    }

    /// The value of the first attribute with this local name.
    public subscript(attribute name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The first child element with this local name.
    public func child(named name: String) -> GenericElement? {
        children.first { $0.name == name }
    }
}
