import Foundation

/// A setup (changeover) of a machine, reported by your system.
public struct SetupEvent: Sendable, Hashable, Codable {
    /// Where the setup is.
    public enum Phase: String, Sendable, Hashable, Codable {
        case started, completed, cancelled
    }

    /// The machine's UUID or external id.
    public var machineId: String
    /// Started, completed or cancelled.
    public var phase: Phase
    /// When it happened.
    public var occurredAt: Date
    /// Your own id of this setup.
    public var setupId: String?
    /// The part being set up for.
    public var partNumber: String?
    /// The drawing of that part.
    public var drawingNumber: String?
    /// Who did the setup.
    public var `operator`: String?
    /// How many parts are planned.
    public var plannedQuantity: Int?
    /// Free-form attributes stored and published with the event.
    public var attributes: [String: JSONValue]

    /// Creates a setup event.
    public init(
        machineId: String, phase: Phase, occurredAt: Date, setupId: String? = nil, partNumber: String? = nil,
        drawingNumber: String? = nil, operator: String? = nil, plannedQuantity: Int? = nil, attributes: [String: JSONValue] = [:]
    ) {
        self.machineId = machineId
        self.phase = phase
        self.occurredAt = occurredAt
        self.setupId = setupId
        self.partNumber = partNumber
        self.drawingNumber = drawingNumber
        self.operator = `operator`
        self.plannedQuantity = plannedQuantity
        self.attributes = attributes
    }
}

/// A domain event of your own, published as `ext.<type>`.
public struct GenericEvent: Sendable, Hashable, Codable {
    /// The machine's UUID or external id.
    public var machineId: String
    /// The event type, e.g. `batch.completed` (lowercase letters, digits, `_ . -`).
    public var type: String
    /// When it happened.
    public var occurredAt: Date
    /// Free-form JSON published with the event, e.g. `["batch": "B-7", "parts": 40]`.
    public var payload: [String: JSONValue]

    /// Creates an event.
    public init(machineId: String, type: String, occurredAt: Date, payload: [String: JSONValue] = [:]) {
        self.machineId = machineId
        self.type = type
        self.occurredAt = occurredAt
        self.payload = payload
    }
}

/// The server's receipt for an ext event; the same on every replay of one idempotency key.
public struct EventReceipt: Sendable, Hashable, Codable {
    /// The event's ULID, also its id on the Kafka topic.
    public var eventId: String
    /// The machine's UUID.
    public var machineId: UUID
    /// The published type, e.g. `setup.started`.
    public var type: String
    /// When the server first received it.
    public var receivedAt: Date
    /// Whether this was a replay of an earlier request with the same key.
    public var replayed: Bool
}

/// A machine's last measured cycle time.
public struct CycleTime: Sendable, Hashable, Codable {
    /// The machine's UUID.
    public var machineId: UUID
    /// Its external id.
    public var externalId: String
    /// Seconds of the last complete cycle; `nil` until one was measured.
    public var lastCycleTime: Double?
    /// When that cycle ended.
    public var measuredAt: Date?
    /// Cycles measured since the machine was registered.
    public var cycleCount: Int64
    /// Where it was measured: `mtconnect`, `modbus` or `internal`.
    public var source: String?
}
