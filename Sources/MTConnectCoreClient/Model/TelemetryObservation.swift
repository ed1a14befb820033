import Foundation

/// One MTConnect observation, as sent to the ingest endpoint and returned by telemetry queries.
public struct TelemetryObservation: Sendable, Hashable, Codable {
    /// `SAMPLE`, `EVENT` or `CONDITION`.
    public enum Category: String, Sendable, Hashable, Codable {
        case sample = "SAMPLE"
        case event = "EVENT"
        case condition = "CONDITION"
    }

    /// An observation's value; absent means UNAVAILABLE.
    public enum Value: Sendable, Hashable, Codable {
        case number(Double)
        case text(String)
    }

    /// The data item id in the device model.
    public var dataItemId: String
    /// When the machine observed it.
    public var timestamp: Date
    /// Sample, event or condition.
    public var category: Category
    /// The MTConnect type, e.g. `PART_COUNT`, `EXECUTION`.
    public var type: String?
    /// The MTConnect sub-type.
    public var subType: String?
    /// The data item name.
    public var name: String?
    /// The agent's sequence number.
    public var sequence: Int64?
    /// The value; `nil` means UNAVAILABLE.
    public var value: Value?
    /// The condition level (`NORMAL`, `WARNING`, `FAULT`, `UNAVAILABLE`) for conditions.
    public var conditionLevel: String?
    /// When the server received it (telemetry queries only).
    public var receivedAt: Date?

    /// Creates an observation.
    public init(
        dataItemId: String, timestamp: Date, category: Category, type: String? = nil, subType: String? = nil,
        name: String? = nil, sequence: Int64? = nil, value: Value? = nil, conditionLevel: String? = nil
    ) {
        self.dataItemId = dataItemId
        self.timestamp = timestamp
        self.category = category
        self.type = type
        self.subType = subType
        self.name = name
        self.sequence = sequence
        self.value = value
        self.conditionLevel = conditionLevel
        self.receivedAt = nil
    }
}

/// What the server did with an ingested batch.
public struct IngestResult: Sendable, Hashable, Codable {
    /// Observations stored.
    public var accepted: Int
    /// Events derived (state changes, cycle times) and queued for publishing.
    public var events: Int
}

/// A page of stored observations; pass ``nextCursor`` to get the next one.
public struct TelemetryPage: Sendable, Hashable, Codable {
    /// The observations of this page, oldest first.
    public var items: [TelemetryObservation]
    /// The cursor of the next page, `nil` on the last one.
    public var nextCursor: String?
}
