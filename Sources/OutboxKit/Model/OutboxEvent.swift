import Foundation
import _MTCSupport

/// One event in the outbox: what to publish (a CloudEvents 1.0 event) and where its delivery stands.
///
/// Create one with ``init(id:partitionKey:type:source:subject:time:dataContentType:schemaVersion:payload:headers:)``
/// and append it in the same transaction as the data it describes. The delivery fields
/// (``status``, ``attempts``, ``leaseOwner`` …) are managed by the store and the relay.
public struct OutboxEvent: Sendable, Hashable, Identifiable {
    /// The event id (CloudEvents `id`); stable across retries so consumers can de-duplicate.
    public var id: ULID
    /// Events with the same key are published in id order (for example the machine id).
    public var partitionKey: String
    /// CloudEvents `type`, for example `machine.state.changed`.
    public var type: String
    /// CloudEvents `source`, a URI reference naming the producer.
    public var source: String
    /// CloudEvents `subject`, optional.
    public var subject: String?
    /// CloudEvents `time`, kept to the millisecond.
    public var time: Date
    /// CloudEvents `datacontenttype` of ``payload``.
    public var dataContentType: String
    /// Version of the payload's schema, published as the `schemaversion` extension attribute.
    public var schemaVersion: Int
    /// The event data, published as-is (JSON payloads are embedded as JSON, others as base64).
    public var payload: [UInt8]
    /// Extra attributes; publishers map them to CloudEvents extensions or transport headers.
    public var headers: [String: String]

    /// Publish attempts started so far (incremented each time a relay claims the event).
    public var attempts: Int
    /// The event is not claimed before this moment (backoff after a failure); a new event is due at once.
    public var nextAttemptAt: Date
    /// Where the event is in its life.
    public var status: OutboxEventStatus
    /// The relay holding the lease while ``status`` is ``OutboxEventStatus/inFlight``.
    public var leaseOwner: String?
    /// When the current lease ends; afterwards another relay may take the event over.
    public var leaseExpiresAt: Date?
    /// The last publish error, kept for operators of dead letters.
    public var lastError: String?
    /// When delivery was confirmed.
    public var sentAt: Date?

    /// Creates a pending event.
    ///
    /// - Parameters:
    ///   - id: A new ULID unless given (derive it from an idempotency key to make appends idempotent).
    ///   - partitionKey: Order is kept among events with the same key.
    ///   - type: CloudEvents `type`.
    ///   - source: CloudEvents `source`.
    ///   - subject: CloudEvents `subject`.
    ///   - time: CloudEvents `time`; now unless given. Truncated to the millisecond.
    ///   - dataContentType: Media type of `payload`.
    ///   - schemaVersion: Version of the payload's schema.
    ///   - payload: The event data.
    ///   - headers: Extra attributes.
    public init(
        id: ULID = ULID(),
        partitionKey: String,
        type: String,
        source: String,
        subject: String? = nil,
        time: Date = Date(),
        dataContentType: String = "application/json",
        schemaVersion: Int = 1,
        payload: [UInt8],
        headers: [String: String] = [:]
    ) {
        self.id = id
        self.partitionKey = partitionKey
        self.type = type
        self.source = source
        self.subject = subject
        self.time = time.truncatedToMilliseconds
        self.dataContentType = dataContentType
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.headers = headers
        self.attempts = 0
        self.nextAttemptAt = Date(unixMilliseconds: 0)
        self.status = .pending
        self.leaseOwner = nil
        self.leaseExpiresAt = nil
        self.lastError = nil
        self.sentAt = nil
    }
}

extension OutboxEvent {
    /// Checks what every store requires before appending.
    ///
    /// - Throws: ``OutboxError/Code/invalidArgument`` naming the field to fix.
    public func validate() throws {
        guard !partitionKey.isEmpty else {
            throw OutboxError.invalidArgument("Event \(id) has an empty partition key; use the machine id or another stable key.")
        }
        guard !type.isEmpty, !source.isEmpty else {
            throw OutboxError.invalidArgument("Event \(id) needs a CloudEvents type and source.")
        }
        guard schemaVersion > 0 else {
            throw OutboxError.invalidArgument("Event \(id) has schemaVersion \(schemaVersion); versions start at 1.")
        }
    }
}
