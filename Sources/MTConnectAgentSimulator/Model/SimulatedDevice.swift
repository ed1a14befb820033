/// The device a simulator describes in `/probe` and reports in `/current` and `/sample`.
public struct SimulatedDevice: Sendable, Hashable {
    public var id: String
    public var name: String
    public var uuid: String
    public var dataItems: [SimulatedDataItem]

    public init(id: String, name: String, uuid: String, dataItems: [SimulatedDataItem]) {
        self.id = id
        self.name = name
        self.uuid = uuid
        self.dataItems = dataItems
    }

    /// The data item an SHDR key names: its id first, then its name.
    func dataItem(forKey key: String) -> SimulatedDataItem? {
        dataItems.first { $0.id == key } ?? dataItems.first { $0.name == key }
    }

    /// A three-axis mill with the data items ``ScriptedMill`` drives.
    public static let mill = SimulatedDevice(
        id: "mill", name: "Mill", uuid: "mill-0001",
        dataItems: [
            SimulatedDataItem(id: "avail", name: "avail", category: .event, type: "AVAILABILITY"),
            SimulatedDataItem(id: "execution", name: "execution", category: .event, type: "EXECUTION"),
            SimulatedDataItem(id: "mode", name: "mode", category: .event, type: "CONTROLLER_MODE"),
            SimulatedDataItem(id: "program", name: "program", category: .event, type: "PROGRAM"),
            SimulatedDataItem(id: "partcount", name: "PartCountAct", category: .event, type: "PART_COUNT", subType: "ALL"),
            SimulatedDataItem(id: "Sspeed", name: "Sspeed", category: .sample, type: "ROTARY_VELOCITY", subType: "ACTUAL", units: "REVOLUTION/MINUTE"),
            SimulatedDataItem(id: "Xact", name: "Xact", category: .sample, type: "POSITION", subType: "ACTUAL", units: "MILLIMETER"),
            SimulatedDataItem(id: "system", name: "system", category: .condition, type: "SYSTEM"),
            SimulatedDataItem(id: "message", name: "message", category: .event, type: "MESSAGE"),
        ]
    )

    /// A device whose data items are guessed from the keys of an SHDR log, for replaying logs
    /// that come without their probe document.
    ///
    /// A key is a condition when its value is `NORMAL`, `WARNING` or `FAULT` and is followed by
    /// the four other condition fields, a message when its key names a message, and an event
    /// otherwise.
    public static func inferred(fromSHDR lines: [String], name: String = "Replay") -> SimulatedDevice {
        var items: [SimulatedDataItem] = []
        var seen = Set<String>()
        for line in lines {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !fields[1].hasPrefix("@"), !fields[1].hasPrefix("*") else { continue }
            var index = 1
            while index + 1 < fields.count {
                let key = fields[index]
                let level = fields[index + 1].uppercased()
                let isCondition = ["NORMAL", "WARNING", "FAULT"].contains(level) && fields.count - index >= 6
                let isMessage = key.lowercased().hasSuffix("message") || key.lowercased() == "msg"
                if !key.isEmpty, seen.insert(key).inserted {
                    if isCondition {
                        items.append(SimulatedDataItem(id: key, name: key, category: .condition, type: "SYSTEM"))
                    } else if isMessage {
                        items.append(SimulatedDataItem(id: key, name: key, category: .event, type: "MESSAGE"))
                    } else {
                        items.append(SimulatedDataItem(id: key, name: key, category: .event, type: "x:\(key.uppercased())"))
                    }
                }
                let item = items.first { $0.id == key }
                index += 1 + (item?.category == .condition ? 5 : item?.isMessage == true ? 2 : 1)
            }
        }
        return SimulatedDevice(id: name.lowercased(), name: name, uuid: "\(name.lowercased())-replay", dataItems: items)
    }
}
