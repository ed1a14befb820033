/// One `<Entry>` (row) of a table: cells by key, or a row removed from the table.
public struct TableEntry: Sendable, Hashable, Codable {
    public var key: String
    public var cells: [TableCell]
    public var removed: Bool

    public init(key: String, cells: [TableCell] = [], removed: Bool = false) {
        self.key = key
        self.cells = cells
        self.removed = removed
    }
}

/// One `<Cell>` of a table row.
public struct TableCell: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
