/// The `<Description>` of a device or component.
public struct ComponentDescription: Sendable, Hashable, Codable {
    public var manufacturer: String?
    public var model: String?
    public var serialNumber: String?
    public var station: String?
    /// The free text inside the element.
    public var text: String

    public init(manufacturer: String? = nil, model: String? = nil, serialNumber: String? = nil,
                station: String? = nil, text: String = "") {
        self.manufacturer = manufacturer
        self.model = model
        self.serialNumber = serialNumber
        self.station = station
        self.text = text
    }
}
