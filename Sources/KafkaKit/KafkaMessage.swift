/// A message to produce.
public struct KafkaOutgoingMessage: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The key; messages with the same key go to the same partition, in order.
    public var key: [UInt8]
    /// The value.
    public var value: [UInt8]
    /// The `content-type` header, if any.
    public var contentType: String?

    public init(topic: String, key: [UInt8], value: [UInt8], contentType: String? = nil) {
        self.topic = topic
        self.key = key
        self.value = value
        self.contentType = contentType
    }
}

/// Where a delivered message was stored.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public let partition: Int32
    public let offset: Int64
}
