/// One logical line an SHDR adapter sends (a `--multiline--` block counts as part of the
/// line that opened it).
public enum SHDRLine: Sendable, Hashable {
    /// `timestamp|key|value|key|value…`: observations of one or more data items.
    case observations(SHDRRecord)
    /// `timestamp|@ASSET@|…`, `@REMOVE_ASSET@`, `@REMOVE_ALL_ASSETS@`, `@UPDATE_ASSET@`.
    case asset(SHDRAssetCommand)
    /// `* PING`: the agent asks the adapter for a heartbeat.
    case ping
    /// `* PONG <ms>`: the adapter's answer, with the heartbeat period it promises.
    case pong(heartbeatMilliseconds: Int?)
    /// `* key: value`: an adapter command such as `* shdrVersion: 2` or `* uuid: …`.
    case command(name: String, value: String)
}

/// The observations of one SHDR line, all with the line's timestamp.
public struct SHDRRecord: Sendable, Hashable, Codable {
    /// The first field as sent: an ISO 8601 time, a delay in a simulator scenario, or empty
    /// (the agent stamps the time of arrival).
    public var timestampText: String
    /// The first field read as a time, when it is one.
    public var timestamp: MTConnectTimestamp?
    /// The `@duration` suffix of the timestamp field (statistics), in seconds.
    public var duration: Double?
    public var items: [SHDRItem]

    public init(timestampText: String, timestamp: MTConnectTimestamp? = nil, duration: Double? = nil,
                items: [SHDRItem] = []) {
        self.timestampText = timestampText
        self.timestamp = timestamp
        self.duration = duration
        self.items = items
    }
}

/// One data item's value on an SHDR line.
public struct SHDRItem: Sendable, Hashable, Codable {
    /// The data item's id or name, as the adapter names it.
    public var key: String
    public var value: ObservationValue
    /// The native code of a `MESSAGE` (`key|nativeCode|text`).
    public var nativeCode: String?
    /// The `:TRIGGER` prefix of a data set or table value.
    public var resetTriggered: String?

    public init(key: String, value: ObservationValue, nativeCode: String? = nil, resetTriggered: String? = nil) {
        self.key = key
        self.value = value
        self.nativeCode = nativeCode
        self.resetTriggered = resetTriggered
    }
}
