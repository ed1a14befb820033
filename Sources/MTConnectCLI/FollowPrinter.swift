import Foundation
import MTConnectAgent
import MTConnectModel
import _MTCSupport

/// Formats follower events for a terminal or, with `--json`, as JSON lines.
struct FollowPrinter: Sendable {
    let json: Bool

    /// Writes one line, unbuffered so a pipe sees each event as it happens.
    /// - Returns: `false` once stdout is closed (e.g. `| head`), so the caller can stop.
    func print(_ event: AgentEvent) -> Bool {
        write(json ? jsonLine(event) : textLine(event))
    }

    /// The line printed before the first connection attempt.
    func connecting(to url: String) -> Bool {
        write(json ? jsonString(["event": "connecting", "url": url]) : "# connecting to \(url) …")
    }

    /// A retry delay as a person reads it: "0.4 s" below a second, whole seconds above.
    static func seconds(_ duration: Duration) -> String {
        let seconds = duration.timeInterval
        if seconds < 0.95 {
            return "\((seconds * 10).rounded() / 10) s"
        }
        return "\(Int(seconds.rounded())) s"
    }

    private func write(_ text: String) -> Bool {
        let line = text + "\n"
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(line.utf8))
            return true
        } catch {
            return false
        }
    }

    private func textLine(_ event: AgentEvent) -> String {
        switch event {
        case .observation(let observation):
            let name = observation.name ?? observation.dataItemId
            var value = observation.value.text
            if case .condition(let condition) = observation.value {
                value = [condition.level.rawValue, condition.nativeCode, condition.message].compactMap { $0 }.joined(separator: " ")
            }
            return "\(observation.sequence)\t\(observation.timestamp)\t\(observation.deviceName)\t\(name)\t\(value)"
        case .connected(let connection):
            return "# connected: instance \(connection.instanceId), MTConnect \(connection.version ?? "?"), \(connection.mode), devices \(connection.devices.joined(separator: ", "))"
        case .disconnected(let reason, let retryIn):
            return "# \(reason.message); retrying in \(Self.seconds(retryIn))"
        case .agentRestarted(let previous, let instance):
            return "# agent restarted: instance \(previous) -> \(instance)"
        case .gap(let gap):
            return "# gap: \(gap.lost) observations lost (\(gap.expected)..<\(gap.resumedAt))"
        case .resynced(let next):
            return "# resynced at sequence \(next)"
        }
    }

    private func jsonLine(_ event: AgentEvent) -> String {
        var object: [String: Any] = [:]
        switch event {
        case .observation(let observation):
            object = [
                "event": "observation", "sequence": observation.sequence, "timestamp": "\(observation.timestamp)",
                "device": observation.deviceName, "dataItemId": observation.dataItemId, "type": observation.type,
                "category": "\(observation.category)", "value": observation.value.text,
            ]
            if let name = observation.name { object["name"] = name }
            if let subType = observation.subType { object["subType"] = subType }
            if case .condition(let condition) = observation.value { object["level"] = condition.level.rawValue }
        case .connected(let connection):
            object = ["event": "connected", "instanceId": connection.instanceId, "mode": "\(connection.mode)", "devices": connection.devices]
            if let version = connection.version { object["version"] = version }
        case .disconnected(let reason, let retryIn):
            object = ["event": "disconnected", "kind": "\(reason.kind)", "reason": reason.message, "retryInSeconds": (retryIn.timeInterval * 1000).rounded() / 1000]
        case .agentRestarted(let previous, let instance):
            object = ["event": "agentRestarted", "previousInstanceId": previous, "instanceId": instance]
        case .gap(let gap):
            object = ["event": "gap", "expected": gap.expected, "resumedAt": gap.resumedAt, "lost": gap.lost]
        case .resynced(let next):
            object = ["event": "resynced", "nextSequence": next]
        }
        return jsonString(object)
    }

    private func jsonString(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
