import Foundation
import GRDB
import _MTCSupport

/// Maps events to and from `outbox_events` rows, reading columns by position.
enum SQLiteOutboxRow {
    static let columns = """
        id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, \
        headers, status, attempts, next_attempt_ms, lease_owner, lease_expires_ms, last_error, sent_ms
        """
    static let columnCount = 17
    /// The position of `payload` in ``columns``.
    static let payloadIndex = 8
    /// What a claim reads back: everything but the status, lease and sent time it knows already.
    static let claimedColumns = """
        id, partition_key, type, source, subject, time_ms, data_content_type, schema_version, payload, \
        headers, attempts, next_attempt_ms, last_error
        """

    /// Where the delivery columns sit in a row of ``columns`` or of ``claimedColumns`` (the
    /// first ten are the same in both).
    private struct Layout {
        var attempts: Int
        var nextAttempt: Int
        var lastError: Int
    }

    private static let fullLayout = Layout(attempts: 11, nextAttempt: 12, lastError: 15)
    private static let claimedLayout = Layout(attempts: 10, nextAttempt: 11, lastError: 12)

    /// Appends the values of a newly appended (pending) event, in ``columns`` order.
    static func appendValues(for event: OutboxEvent, to values: inout [DatabaseValue]) throws {
        let headers: String
        do {
            headers = event.headers.isEmpty ? "{}" : String(decoding: try encoder.encode(event.headers), as: UTF8.self)
        } catch {
            throw OutboxError.invalidArgument("Event \(event.id) has headers that cannot be stored as JSON: \(error)")
        }
        values.append(event.id.description.databaseValue)
        values.append(event.partitionKey.databaseValue)
        values.append(event.type.databaseValue)
        values.append(event.source.databaseValue)
        values.append(event.subject?.databaseValue ?? .null)
        values.append(event.time.unixMilliseconds.databaseValue)
        values.append(event.dataContentType.databaseValue)
        values.append(event.schemaVersion.databaseValue)
        // An empty Data would bind as NULL; the insert casts this empty text to an empty blob.
        values.append(event.payload.isEmpty ? "".databaseValue : Data(event.payload).databaseValue)
        values.append(headers.databaseValue)
        values.append(OutboxEventStatus.pending.rawValue.databaseValue)
        values.append(0.databaseValue)
        values.append(event.nextAttemptAt.unixMilliseconds.databaseValue)
        values.append(.null)
        values.append(.null)
        values.append(.null)
        values.append(.null)
    }

    /// An event from a row of all ``columns``.
    static func event(from row: Row) throws -> OutboxEvent {
        guard let status = text(row, 10).flatMap(OutboxEventStatus.init(rawValue:)) else { throw corrupt(row, "status") }
        return try event(
            from: row,
            layout: fullLayout,
            status: status,
            leaseOwner: optionalText(row, 13, "lease_owner"),
            leaseExpiresAt: try optionalInteger(row, 14, "lease_expires_ms").map(Date.init(unixMilliseconds:)),
            sentAt: try optionalInteger(row, 16, "sent_ms").map(Date.init(unixMilliseconds:))
        )
    }

    /// An event from a row of ``claimedColumns``, with the delivery state the claim just set.
    static func claimedEvent(from row: Row, leaseOwner: String, leaseExpiresAt: Date) throws -> OutboxEvent {
        try event(from: row, layout: claimedLayout, status: .inFlight, leaseOwner: leaseOwner, leaseExpiresAt: leaseExpiresAt, sentAt: nil)
    }

    private static func event(
        from row: Row,
        layout: Layout,
        status: OutboxEventStatus,
        leaseOwner: String?,
        leaseExpiresAt: Date?,
        sentAt: Date?
    ) throws -> OutboxEvent {
        guard let id = text(row, 0).flatMap(ULID.init) else { throw corrupt(row, "id") }
        let payload: [UInt8]
        switch (row[8] as DatabaseValue).storage {
        case .blob(let data): payload = Array(data)
        case .string(let string): payload = Array(string.utf8)
        case .null: payload = []
        default: throw corrupt(row, "payload")
        }
        let headers: [String: String]
        guard let headersText = text(row, 9) else { throw corrupt(row, "headers") }
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
        guard let partitionKey = text(row, 1) else { throw corrupt(row, "partition_key") }
        guard let type = text(row, 2) else { throw corrupt(row, "type") }
        guard let source = text(row, 3) else { throw corrupt(row, "source") }
        guard let time = integer(row, 5) else { throw corrupt(row, "time_ms") }
        guard let dataContentType = text(row, 6) else { throw corrupt(row, "data_content_type") }
        guard let schemaVersion = integer(row, 7) else { throw corrupt(row, "schema_version") }
        guard let attempts = integer(row, layout.attempts) else { throw corrupt(row, "attempts") }
        guard let nextAttempt = integer(row, layout.nextAttempt) else { throw corrupt(row, "next_attempt_ms") }

        var event = OutboxEvent(
            id: id,
            partitionKey: partitionKey,
            type: type,
            source: source,
            subject: try optionalText(row, 4, "subject"),
            time: Date(unixMilliseconds: time),
            dataContentType: dataContentType,
            schemaVersion: Int(schemaVersion),
            payload: payload,
            headers: headers
        )
        event.status = status
        event.attempts = Int(attempts)
        event.nextAttemptAt = Date(unixMilliseconds: nextAttempt)
        event.leaseOwner = leaseOwner
        event.leaseExpiresAt = leaseExpiresAt
        event.lastError = try optionalText(row, layout.lastError, "last_error")
        event.sentAt = sentAt
        return event
    }

    private static func text(_ row: Row, _ index: Int) -> String? {
        if case .string(let value) = (row[index] as DatabaseValue).storage { value } else { nil }
    }

    private static func integer(_ row: Row, _ index: Int) -> Int64? {
        if case .int64(let value) = (row[index] as DatabaseValue).storage { value } else { nil }
    }

    private static func optionalText(_ row: Row, _ index: Int, _ name: String) throws -> String? {
        switch (row[index] as DatabaseValue).storage {
        case .null: nil
        case .string(let value): value
        default: throw corrupt(row, name)
        }
    }

    private static func optionalInteger(_ row: Row, _ index: Int, _ name: String) throws -> Int64? {
        switch (row[index] as DatabaseValue).storage {
        case .null: nil
        case .int64(let value): value
        default: throw corrupt(row, name)
        }
    }

    private static func corrupt(_ row: Row, _ column: String) -> OutboxError {
        OutboxError(
            .corruptRow,
            "Column \(column) of outbox row \(text(row, 0) ?? "?") is missing or malformed; fix or delete the row."
        )
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder = JSONDecoder()
}
