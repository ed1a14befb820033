/// An ordered BSON document: keys keep the order they were inserted in, as the server
/// requires for commands (the command name first) and for sort and index specifications.
///
/// A document is a plain Swift value; it becomes libbson bytes only when it is sent, or
/// when ``bytes()`` is called.
public struct BSONDocument: Sendable, Hashable {
    /// The elements in order.
    public private(set) var elements: [(key: String, value: BSON)]

    /// An empty document.
    public init() {
        elements = []
    }

    /// A document with the given elements in order. A later duplicate key replaces the
    /// value of the earlier one and keeps its position.
    public init(_ elements: some Sequence<(String, BSON)>) {
        self.elements = []
        for (key, value) in elements {
            self[key] = value
        }
    }

    /// The keys in order.
    public var keys: [String] {
        elements.map(\.key)
    }

    /// The number of elements.
    public var count: Int {
        elements.count
    }

    /// Whether the document has no elements.
    public var isEmpty: Bool {
        elements.isEmpty
    }

    /// The value for `key`; setting `nil` removes the key, setting a new key appends it.
    public subscript(key: String) -> BSON? {
        get {
            elements.first { $0.key == key }?.value
        }
        set {
            let index = elements.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): elements[index].value = value
            case (let index?, nil): elements.remove(at: index)
            case (nil, let value?): elements.append((key, value))
            case (nil, nil): break
            }
        }
    }

    /// Follows a dotted path (`"a.b.c"`) through embedded documents.
    public subscript(path path: String) -> BSON? {
        var current: BSON = .document(self)
        for component in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard case .document(let document) = current, let next = document[String(component)] else {
                return nil
            }
            current = next
        }
        return current
    }

    /// Appends an element even if the key is already present. Only for the rare command
    /// that needs it; ``subscript(_:)`` keeps keys unique.
    public mutating func append(key: String, value: BSON) {
        elements.append((key, value))
    }

    public static func == (lhs: BSONDocument, rhs: BSONDocument) -> Bool {
        lhs.elements.elementsEqual(rhs.elements) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(elements.count)
        for element in elements {
            hasher.combine(element.key)
            hasher.combine(element.value)
        }
    }
}

extension BSONDocument: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BSON)...) {
        self.init(elements)
    }
}

extension BSONDocument: Sequence {
    public func makeIterator() -> IndexingIterator<[(key: String, value: BSON)]> {
        elements.makeIterator()
    }
}
