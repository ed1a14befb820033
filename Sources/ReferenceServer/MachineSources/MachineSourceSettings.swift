import Foundation

/// How the server reads one machine — its own type, with every default applied here, so the
/// readers depend neither on the HTTP contract's generated types nor on optional fields.
///
/// A machine row keeps its source as JSON in the contract's shape (`kind`, `mtconnect`,
/// `modbus`); ``init(storedJSON:)`` reads that shape with a decoder of its own, so a change to
/// the generated types cannot silently change how stored machines are read.
enum MachineSourceSettings: Sendable, Hashable {
    case none
    case mtconnect(MTConnect)
    case modbus(Modbus)

    /// An MTConnect agent to follow.
    struct MTConnect: Sendable, Hashable {
        var agentURL: String
        /// The device to follow, or every device of the agent.
        var device: String?
        /// The sample stream's interval (at least 10 ms).
        var interval: Duration
    }

    /// An ADAM-6050-style module polled over Modbus/TCP.
    struct Modbus: Sendable, Hashable {
        var host: String
        var port: Int
        var unitID: UInt8
        var pollInterval: Duration
        /// The input channel whose rising edges are cycle starts.
        var cycleChannel: Int?
        /// The input channel that is high while the spindle turns.
        var spindleChannel: Int?
        /// The counter channel counting parts (used when there is no cycle channel).
        var partCounterChannel: Int?
    }

    /// The source a machine row stores, or a ``StoredSourceError`` naming what is wrong.
    init(storedJSON: String) throws {
        let stored: Stored
        do {
            stored = try JSONDecoder().decode(Stored.self, from: Data(storedJSON.utf8))
        } catch {
            throw StoredSourceError(reason: "the stored source is not valid JSON of the machine source shape (\(error))")
        }
        switch stored.kind {
        case "none":
            self = .none
        case "mtconnect":
            guard let mtconnect = stored.mtconnect else { throw StoredSourceError(reason: "kind is mtconnect but there is no mtconnect block") }
            self = .mtconnect(MTConnect(
                agentURL: mtconnect.agentUrl, device: mtconnect.device,
                interval: .milliseconds(max(mtconnect.intervalMs ?? 1000, 10))
            ))
        case "modbus":
            guard let modbus = stored.modbus else { throw StoredSourceError(reason: "kind is modbus but there is no modbus block") }
            self = .modbus(Modbus(
                host: modbus.host, port: modbus.port ?? 502, unitID: UInt8(clamping: modbus.unitId ?? 1),
                pollInterval: .milliseconds(max(modbus.pollIntervalMs ?? 100, 10)),
                cycleChannel: modbus.channels?.cycle, spindleChannel: modbus.channels?.spindle,
                partCounterChannel: modbus.channels?.partCounter
            ))
        default:
            throw StoredSourceError(reason: "unknown source kind \"\(stored.kind.prefix(32))\"")
        }
    }

    /// The host the source dials, if any.
    var host: String? {
        switch self {
        case .none: nil
        case .mtconnect(let mtconnect): URL(string: mtconnect.agentURL)?.host
        case .modbus(let modbus): modbus.host
        }
    }

    /// The stored JSON shape; only what the readers use.
    private struct Stored: Decodable {
        struct MTConnect: Decodable {
            var agentUrl: String
            var device: String?
            var intervalMs: Int?
        }
        struct Modbus: Decodable {
            struct Channels: Decodable {
                var cycle: Int?
                var spindle: Int?
                var partCounter: Int?
            }
            var host: String
            var port: Int?
            var unitId: Int?
            var pollIntervalMs: Int?
            var channels: Channels?
        }
        var kind: String
        var mtconnect: MTConnect?
        var modbus: Modbus?
    }
}

/// A machine row whose source the readers cannot use.
struct StoredSourceError: Error, CustomStringConvertible {
    var reason: String
    var description: String { "Machine source cannot be read: \(reason)." }
}
