/// A `<DeviceStream>`: the observations of one device.
public struct DeviceStream: Sendable, Hashable, Codable {
    public var name: String
    public var uuid: String?
    public var componentStreams: [ComponentStream]

    public init(name: String, uuid: String? = nil, componentStreams: [ComponentStream] = []) {
        self.name = name
        self.uuid = uuid
        self.componentStreams = componentStreams
    }
}
