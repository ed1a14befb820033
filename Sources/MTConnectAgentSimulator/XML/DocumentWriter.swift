/// Writes the MTConnectDevices, MTConnectStreams and MTConnectError documents of a simulated
/// agent in the namespaces of one schema version.
struct DocumentWriter: Sendable {
    struct Header: Sendable {
        var instanceId: UInt64
        var bufferSize: Int
        var firstSequence: UInt64
        var nextSequence: UInt64
        var lastSequence: UInt64
        var creationTime: String
    }

    let version: MTConnectDocumentVersion
    let device: SimulatedDevice
    private let itemsById: [String: SimulatedDataItem]

    init(version: MTConnectDocumentVersion, device: SimulatedDevice) {
        self.version = version
        self.device = device
        self.itemsById = Dictionary(device.dataItems.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var schemaVersion: String { "\(version.major).\(version.minor).0.0" }

    private func root(_ writer: inout XMLWriter, _ document: String) {
        writer.open("MTConnect\(document)", [
            ("xmlns", version.namespace(document)),
            ("xmlns:m", version.namespace(document)),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ])
    }

    func probe(_ header: Header) -> String {
        var writer = XMLWriter()
        root(&writer, "Devices")
        writer.empty("Header", [
            ("creationTime", header.creationTime), ("sender", "mtconnect-simulator"),
            ("instanceId", String(header.instanceId)), ("version", schemaVersion),
            ("bufferSize", String(header.bufferSize)), ("assetBufferSize", "0"), ("assetCount", "0"),
            ("deviceModelChangeTime", version.major >= 2 ? header.creationTime : nil),
        ])
        writer.open("Devices")
        writer.open("Device", [("id", device.id), ("name", device.name), ("uuid", device.uuid)])
        writer.open("DataItems")
        for item in device.dataItems {
            writer.empty("DataItem", [
                ("id", item.id), ("name", item.name), ("category", item.category.rawValue),
                ("type", item.type), ("subType", item.subType), ("units", item.units),
            ])
        }
        writer.close("DataItems")
        writer.close("Device")
        writer.close("Devices")
        writer.close("MTConnectDevices")
        return writer.text
    }

    func streams(_ header: Header, observations: [SequencedObservation]) -> String {
        var writer = XMLWriter()
        root(&writer, "Streams")
        writer.empty("Header", [
            ("creationTime", header.creationTime), ("sender", "mtconnect-simulator"),
            ("instanceId", String(header.instanceId)), ("version", schemaVersion),
            ("bufferSize", String(header.bufferSize)), ("nextSequence", String(header.nextSequence)),
            ("firstSequence", String(header.firstSequence)), ("lastSequence", String(header.lastSequence)),
        ])
        writer.open("Streams")
        if !observations.isEmpty {
            writer.open("DeviceStream", [("name", device.name), ("uuid", device.uuid)])
            writer.open("ComponentStream", [("component", "Device"), ("name", device.name), ("componentId", device.id)])
            for category in [SimulatedDataItem.Category.sample, .event, .condition] {
                let members = observations.filter { itemsById[$0.observation.dataItemId]?.category == category }
                guard !members.isEmpty else { continue }
                let container = category == .sample ? "Samples" : category == .event ? "Events" : "Condition"
                writer.open(container)
                for observation in members {
                    write(observation, to: &writer)
                }
                writer.close(container)
            }
            writer.close("ComponentStream")
            writer.close("DeviceStream")
        }
        writer.close("Streams")
        writer.close("MTConnectStreams")
        return writer.text
    }

    func error(code: String, message: String, instanceId: UInt64, bufferSize: Int, creationTime: String) -> String {
        var writer = XMLWriter()
        root(&writer, "Error")
        writer.empty("Header", [
            ("creationTime", creationTime), ("sender", "mtconnect-simulator"),
            ("instanceId", String(instanceId)), ("version", schemaVersion), ("bufferSize", String(bufferSize)),
        ])
        writer.open("Errors")
        writer.element("Error", [("errorCode", code)], content: message)
        writer.close("Errors")
        writer.close("MTConnectError")
        return writer.text
    }

    private func write(_ sequenced: SequencedObservation, to writer: inout XMLWriter) {
        guard let item = itemsById[sequenced.observation.dataItemId] else { return }
        var attributes: [(String, String?)] = [
            ("dataItemId", item.id), ("timestamp", sequenced.timestamp),
            ("sequence", String(sequenced.sequence)), ("name", item.name), ("subType", item.subType),
        ]
        switch sequenced.observation.value {
        case .value(let value):
            writer.element(Self.elementName(forType: item.type), attributes, content: value)
        case .message(let nativeCode, let text):
            attributes.append(("nativeCode", nativeCode.isEmpty ? nil : nativeCode))
            writer.element("Message", attributes, content: text)
        case .condition(let level, let nativeCode, let severity, let qualifier, let text):
            attributes.append(contentsOf: [
                ("type", item.type), ("nativeCode", nativeCode.isEmpty ? nil : nativeCode),
                ("nativeSeverity", severity.isEmpty ? nil : severity), ("qualifier", qualifier.isEmpty ? nil : qualifier),
            ])
            writer.element(Self.conditionElementName(level), attributes, content: text)
        }
    }

    static func conditionElementName(_ level: String) -> String {
        switch level.uppercased() {
        case "NORMAL": "Normal"
        case "WARNING": "Warning"
        case "FAULT": "Fault"
        default: "Unavailable"
        }
    }

    /// `ROTARY_VELOCITY` → `RotaryVelocity`; anything that is not a letter or digit separates
    /// words, and a leading digit gets a prefix so the result is a valid XML name.
    static func elementName(forType type: String) -> String {
        var name = ""
        var capitalizeNext = true
        for character in type {
            guard character.isASCII, character.isLetter || character.isNumber else {
                capitalizeNext = true
                continue
            }
            name += capitalizeNext ? character.uppercased() : character.lowercased()
            capitalizeNext = false
        }
        if name.first?.isNumber ?? true { name = "X" + name }
        return name
    }
}
