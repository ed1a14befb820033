/// Three numbers, as a `PathPosition`, `Orientation` or other three-space sample carries.
public struct ThreeSpace: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double

    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}
