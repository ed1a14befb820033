import Foundation
import IdempotencyKit
import MTConnectCoreAPI
import OutboxKit

/// How the server writes event payloads and recorded answers: compact, sorted keys, slashes
/// unescaped, RFC 3339 times with microseconds. One place for every event the server emits.
enum EventJSON {
    /// The `schemaVersion` of every stored or published event.
    static let schemaVersion = 1

    /// One shared encoder (swift-foundation's encoders are safe to share): building one per
    /// event cost more than the event's SQL.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }()

    /// The outbox entry of a stored ext event: same id, the machine as partition key.
    static func outboxEvent(for event: ExtEventRecord, source: String) -> OutboxEvent {
        OutboxEvent(
            id: event.id, partitionKey: event.machineId, type: event.type, source: source, subject: event.machineId,
            time: StoreTime.date(microseconds: event.occurredAt), schemaVersion: schemaVersion, payload: event.payload,
            headers: ["tenantid": event.tenantId]
        )
    }

    /// A 200 `application/json` answer, as recorded for replays and sent the first time.
    static func okResponse(_ body: some Encodable) throws -> IdempotentResponse {
        IdempotentResponse(
            status: 200, headers: [.init(name: "Content-Type", value: "application/json")],
            body: Array(try encoder.encode(body))
        )
    }
}
