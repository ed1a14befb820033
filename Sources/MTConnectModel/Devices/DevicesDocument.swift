/// An `MTConnectDevices` document: the agent's device model, as `/probe` returns it.
public struct DevicesDocument: Sendable, Hashable, Codable {
    public var header: Header
    public var version: MTConnectVersion?
    /// Devices, including an `<Agent>` device when the agent describes itself.
    public var devices: [Device]
    /// Child elements of the root other than `Header` and `Devices`, kept as they were.
    public var otherElements: [GenericElement]

    public init(header: Header, version: MTConnectVersion? = nil, devices: [Device] = [],
                otherElements: [GenericElement] = []) {
        self.header = header
        self.version = version
        self.devices = devices
        self.otherElements = otherElements
    }

    /// Every data item of every device.
    public var allDataItems: [DataItem] {
        devices.flatMap(\.allDataItems)
    }
}
