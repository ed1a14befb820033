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

    static func event(from row: SQLiteRow) throws -> OutboxEvent {
        func text(_ name: String) throws -> String {
            guard let value = row.column(name)?.string else { throw corrupt(row, name) }
            return value
        }
        func integer(_ name: String) throws -> Int {
            guard let value = row.column(name)?.integer else { throw corrupt(row, name) }
            return value
        }
        func optionalInteger(_ name: String) -> Int? {
            guard let data = row.column(name), !data.isNull else { return nil }
            return data.integer
        }
        func optionalText(_ name: String) -> String? {
            guard let data = row.column(name), !data.isNull else { return nil }
            return data.string
        }

        guard let id = ULID(try text("id")) else { throw corrupt(row, "id") }
        guard let status = OutboxEventStatus(rawValue: try text("status")) else { throw corrupt(row, "status") }
        let payload: [UInt8]
        switch row.column("payload") {
        case .blob(let buffer): payload = Array(buffer.readableBytesView)
        case .text(let string): payload = Array(string.utf8)
        case .null: payload = []
        default: throw corrupt(row, "payload")
        }
        let headers: [String: String]
        let headersText = try text("headers")
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
            partitionKey: try text("partition_key"),
            type: try text("type"),
            source: try text("source"),
            subject: optionalText("subject"),
            time: Date(unixMilliseconds: Int64(try integer("time_ms"))),
            dataContentType: try text("data_content_type"),
            schemaVersion: try integer("schema_version"),
            payload: payload,
            headers: headers
        )
        event.status = status
        event.attempts = try integer("attempts")
        event.nextAttemptAt = Date(unixMilliseconds: Int64(try integer("next_attempt_ms")))
        event.leaseOwner = optionalText("lease_owner")
        event.leaseExpiresAt = optionalInteger("lease_expires_ms").map { Date(unixMilliseconds: Int64($0)) }
        event.lastError = optionalText("last_error")
        event.sentAt = optionalInteger("sent_ms").map { Date(unixMilliseconds: Int64($0)) }
        return event
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
