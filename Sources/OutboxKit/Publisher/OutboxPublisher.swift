/// Sends events somewhere (a Kafka topic, subscribers in this process, …) and confirms each.
///
/// The relay calls ``publish(_:)`` with a batch in id order. A publisher must keep the order of
/// events with the same partition key and report a result for every event. Only a
/// ``OutboxDelivery/delivered`` result makes the relay mark an event sent; anything else is
/// retried, so delivery is at least once and consumers de-duplicate on the event id.
public protocol OutboxPublisher: Sendable {
    /// Publishes `events` and returns one result per event, in the same order.
    func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery]
}

/// The outcome of publishing one event.
public enum OutboxDelivery: Sendable, Hashable {
    /// The destination confirmed the event.
    case delivered
    /// The event was not confirmed.
    case failed(OutboxPublishFailure)
}

/// Why an event was not delivered.
public struct OutboxPublishFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, kept as the event's last error.
    public var message: String
    /// `true` when retrying cannot help (for example the message is larger than the broker
    /// accepts): the relay moves the event to dead letters at once.
    public var isPermanent: Bool

    public init(_ message: String, isPermanent: Bool = false) {
        self.message = message
        self.isPermanent = isPermanent
    }

    public var description: String { message }
}
