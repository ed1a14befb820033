import Foundation

/// A machine registered with the server.
public struct Machine: Sendable, Hashable, Codable {
    /// The server's id for the machine.
    public var id: UUID
    /// The tenant the machine belongs to.
    public var tenantId: String
    /// The key your own system uses for this machine (unique per tenant).
    public var externalId: String
    /// A display name.
    public var name: String
    /// Where the server reads the machine from.
    public var source: MachineSource
    /// When it was registered.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    /// Creates a machine value (as returned by the server).
    public init(id: UUID, tenantId: String, externalId: String, name: String, source: MachineSource, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.tenantId = tenantId
        self.externalId = externalId
        self.name = name
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A page of machines; pass ``nextCursor`` to get the next one.
public struct MachinePage: Sendable, Hashable, Codable {
    /// The machines of this page.
    public var items: [Machine]
    /// The cursor of the next page, `nil` on the last one.
    public var nextCursor: String?
}

/// Where the server reads a machine from.
public enum MachineSource: Sendable, Hashable, Codable {
    /// Nothing: observations arrive only through the ingest endpoint.
    case none
    /// An MTConnect agent followed by the server.
    case mtconnect(agentURL: String, device: String? = nil, intervalMilliseconds: Int? = nil)
    /// An ADAM-6050 polled over Modbus/TCP, with the roles of its digital inputs.
    case modbus(ModbusSource)
}

/// An ADAM-6050 Modbus/TCP source.
public struct ModbusSource: Sendable, Hashable, Codable {
    /// Host name or address of the module.
    public var host: String
    /// TCP port (502 unless given).
    public var port: Int?
    /// Modbus unit id (1 unless given).
    public var unitId: Int?
    /// Poll interval in milliseconds.
    public var pollIntervalMilliseconds: Int?
    /// Input channel (DI0–DI11) whose rising edges mark the start of a cycle.
    public var cycleChannel: Int?
    /// Input channel that is high while the spindle runs.
    public var spindleChannel: Int?
    /// Input channel whose hardware counter counts parts.
    public var partCounterChannel: Int?

    /// Creates a Modbus source.
    public init(
        host: String, port: Int? = nil, unitId: Int? = nil, pollIntervalMilliseconds: Int? = nil,
        cycleChannel: Int? = nil, spindleChannel: Int? = nil, partCounterChannel: Int? = nil
    ) {
        self.host = host
        self.port = port
        self.unitId = unitId
        self.pollIntervalMilliseconds = pollIntervalMilliseconds
        self.cycleChannel = cycleChannel
        self.spindleChannel = spindleChannel
        self.partCounterChannel = partCounterChannel
    }
}

/// The fields to change on a machine; `nil` leaves a field as it is.
public struct MachineChanges: Sendable, Hashable, Codable {
    /// A new external id.
    public var externalId: String?
    /// A new name.
    public var name: String?
    /// A new source.
    public var source: MachineSource?

    /// Creates a change set.
    public init(externalId: String? = nil, name: String? = nil, source: MachineSource? = nil) {
        self.externalId = externalId
        self.name = name
        self.source = source
    }
}
