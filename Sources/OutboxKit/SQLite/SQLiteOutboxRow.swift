import Foundation
import NIOCore
import SQLiteNIO

/// Maps events to and from `outbox_events` rows.
enum SQLiteOutboxRow {
    static let columns = """
        id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, \
        headers, status, attempts, next_attempt_ms, lease_owner, lease_expires_ms, last_error, sent_ms
        """
    static let columnCount = 17
    /// What a claim reads back: everything but the status, lease and sent time it knows already.
    static let claimedColumns = """
        id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, \
        headers, attempts, next_attempt_ms, last_error
        """

    static func binds(for event: OutboxEvent) throws -> [SQLiteData] {
        let headers: String
        do {
            headers = event.headers.isEmpty ? "{}" : String(decoding: try encoder.encode(event.headers), as: UTF8.self)
        } catch {
            throw OutboxError.invalidArgument("Event \(event.id) has headers that cannot be stored as JSON: \(error)")
        }
        return [
            .text(event.id.description),
            .text(event.partitionKey),
            .text(event.type),
            .text(event.source),
            event.subject.map { .text($0) } ?? .null,
            .integer(Int(event.time.unixMilliseconds)),
            .text(event.dataContentType),
            .integer(event.schemaVersion),
            .blob(ByteBuffer(bytes: event.payload)),
            .text(headers),
            .text(OutboxEventStatus.pending.rawValue),
            .integer(0),
            .integer(Int(event.nextAttemptAt.unixMilliseconds)),
            .null,
            .null,
            .null,
            .null,
        ]
    }

    /// An event from a row of all ``columns``.
    static func event(from row: SQLiteRow) throws -> OutboxEvent {
        var event = try claimedEvent(from: row, status: .pending, leaseOwner: nil, leaseExpiresAt: nil)
        guard let status = row.column("status")?.string.flatMap(OutboxEventStatus.init(rawValue:)) else { throw corrupt(row, "status") }
        event.status = status
        event.leaseOwner = optionalText(row, "lease_owner")
        event.leaseExpiresAt = optionalInteger(row, "lease_expires_ms").map { Date(unixMilliseconds: Int64($0)) }
        event.sentAt = optionalInteger(row, "sent_ms").map { Date(unixMilliseconds: Int64($0)) }
        return event
    }

    /// An event from a row of ``claimedColumns``, with the delivery state the claim just set.
    static func claimedEvent(
        from row: SQLiteRow, status: OutboxEventStatus, leaseOwner: String?, leaseExpiresAt: Date?
    ) throws -> OutboxEvent {
        guard let id = row.column("id")?.string.flatMap(ULID.init) else { throw corrupt(row, "id") }
        let payload: [UInt8]
        switch row.column("payload") {
        case .blob(let buffer): payload = Array(buffer.readableBytesView)
        case .text(let string): payload = Array(string.utf8)
        case .null: payload = []
        default: throw corrupt(row, "payload")
        }
        let headers: [String: String]
        let headersText = try text(row, "headers")
        if headersText == "{}" {
            // Most events carry no headers; JSONDecoder is the costliest step of reading a row.
            headers = [:]
        } else {
            do {
                headers = try decoder.decode([String: String].self, from: Data(headersText.utf8))
            } catch {
                throw corrupt(row, "headers")
            }
        }

        var event = OutboxEvent(
            id: id,
            partitionKey: try text(row, "partition_key"),
            type: try text(row, "type"),
            source: try text(row, "source"),
            subject: optionalText(row, "subject"),
            time: Date(unixMilliseconds: Int64(try integer(row, "time_ms"))),
            dataContentType: try text(row, "data_content_type"),
            schemaVersion: try integer(row, "schema_version"),
            payload: payload,
            headers: headers
        )
        event.status = status
        event.attempts = try integer(row, "attempts")
        event.nextAttemptAt = Date(unixMilliseconds: Int64(try integer(row, "next_attempt_ms")))
        event.leaseOwner = leaseOwner
        event.leaseExpiresAt = leaseExpiresAt
        event.lastError = optionalText(row, "last_error")
        return event
    }

    private static func text(_ row: SQLiteRow, _ name: String) throws -> String {
        guard let value = row.column(name)?.string else { throw corrupt(row, name) }
        return value
    }

    private static func integer(_ row: SQLiteRow, _ name: String) throws -> Int {
        guard let value = row.column(name)?.integer else { throw corrupt(row, name) }
        return value
    }

    private static func optionalInteger(_ row: SQLiteRow, _ name: String) -> Int? {
        guard let data = row.column(name), !data.isNull else { return nil }
        return data.integer
    }

    private static func optionalText(_ row: SQLiteRow, _ name: String) -> String? {
        guard let data = row.column(name), !data.isNull else { return nil }
        return data.string
    }

    private static func corrupt(_ row: SQLiteRow, _ column: String) -> OutboxError {
        OutboxError(
            .corruptRow,
            "Column \(column) of outbox row \(row.column("id")?.string ?? "?") is missing or malformed; fix or delete the row."
        )
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder = JSONDecoder()
}
