/// Replays an SHDR adapter log line by line, as an adapter would feed an agent.
///
/// Each line is `timestamp|key|value|key|value…`; a condition key takes five fields
/// (level, native code, native severity, qualifier, text) and a message key two (native
/// code, text), as the device's data items say. Protocol commands (`* PING`) and assets
/// (`@ASSET@`) are skipped, and keys the device does not know skip one field. The log's own
/// timestamps are not reused: a replayed observation is stamped when it enters the buffer.
public struct SHDRReplay: SimulationSource {
    private let lines: [[Substring]]
    private let device: SimulatedDevice
    private let loops: Bool
    private var position = 0

    /// - Parameters:
    ///   - log: the adapter log, one SHDR line per line.
    ///   - device: the device whose data items the keys name; see ``SimulatedDevice/inferred(fromSHDR:name:)``.
    ///   - loops: start over at the end of the log instead of going quiet.
    public init(log: String, device: SimulatedDevice, loops: Bool = true) {
        self.lines = log.split(whereSeparator: \.isNewline)
            .map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            .filter { $0.count >= 3 && !$0[1].hasPrefix("*") && !$0[1].hasPrefix("@") }
        self.device = device
        self.loops = loops
    }

    /// Whether a non-looping replay has played every line.
    public var isFinished: Bool { !loops && position >= lines.count }

    public mutating func nextStep() -> [SimulatedObservation] {
        guard !lines.isEmpty else { return [] }
        if position >= lines.count {
            guard loops else { return [] }
            position = 0
        }
        let fields = lines[position]
        position += 1
        return Self.observations(in: fields, device: device)
    }

    static func observations(in fields: [Substring], device: SimulatedDevice) -> [SimulatedObservation] {
        var result: [SimulatedObservation] = []
        var index = 1
        func field(_ offset: Int) -> String { index + offset < fields.count ? String(fields[index + offset]) : "" }
        while index + 1 < fields.count {
            let key = String(fields[index])
            guard let item = device.dataItem(forKey: key) else {
                index += 2
                continue
            }
            if item.category == .condition {
                result.append(SimulatedObservation(dataItemId: item.id, value: .condition(
                    level: field(1), nativeCode: field(2), severity: field(3), qualifier: field(4), text: field(5)
                )))
                index += 6
            } else if item.isMessage {
                result.append(SimulatedObservation(dataItemId: item.id, value: .message(nativeCode: field(1), text: field(2))))
                index += 3
            } else {
                result.append(SimulatedObservation(dataItemId: item.id, value: .value(field(1))))
                index += 2
            }
        }
        return result
    }
}
