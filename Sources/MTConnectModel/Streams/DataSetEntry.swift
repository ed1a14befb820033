/// One `<Entry>` of a data set: a key with a value, or a key removed from the set.
public struct DataSetEntry: Sendable, Hashable, Codable {
    public var key: String
    /// Nil when the entry was removed.
    public var value: String?
    public var removed: Bool

    public init(key: String, value: String?, removed: Bool = false) {
        self.key = key
        self.value = value
        self.removed = removed
    }
}
