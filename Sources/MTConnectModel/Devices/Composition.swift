/// A `<Composition>` of a component (a motor, a spindle, …) that data items can refer to
/// through `compositionId`.
public struct Composition: Sendable, Hashable, Codable {
    public var id: String
    public var type: String
    public var name: String?
    public var uuid: String?

    public init(id: String, type: String, name: String? = nil, uuid: String? = nil) {
        self.id = id
        self.type = type
        self.name = name
        self.uuid = uuid
    }
}
