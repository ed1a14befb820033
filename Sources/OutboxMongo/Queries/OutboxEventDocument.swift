import Foundation
import MongoKit
import OutboxKit
import _MTCSupport

/// How an ``OutboxKit/OutboxEvent`` is laid out as a MongoDB document.
///
/// The ULID text is the `_id`, so ids sort in the same order as the events and uniqueness
/// comes from the primary key. Times are BSON datetimes truncated to the millisecond, as in
/// every store. Headers are an array of `{name, value}` pairs because header names may hold
/// characters (`.`, a leading `$`) that MongoDB field names must not.
enum OutboxEventDocument {
    enum Field {
        static let id = "_id"
        static let partitionKey = "partitionKey"
        static let type = "type"
        static let source = "source"
        static let subject = "subject"
        static let time = "time"
        static let dataContentType = "dataContentType"
        static let schemaVersion = "schemaVersion"
        static let payload = "payload"
        static let headers = "headers"
        static let attempts = "attempts"
        static let nextAttemptAt = "nextAttemptAt"
        static let status = "status"
        static let leaseOwner = "leaseOwner"
        static let leaseExpiresAt = "leaseExpiresAt"
        static let lastError = "lastError"
        static let sentAt = "sentAt"
    }

    static func date(_ date: Date) -> BSON {
        .datetime(Date(unixMilliseconds: date.unixMilliseconds))
    }

    static func id(_ id: ULID) -> BSON {
        .string(id.description)
    }

    static func status(_ status: OutboxEventStatus) -> BSON {
        .string(status.rawValue)
    }

    /// The document appended for a new event: always pending, no attempts, no lease.
    static func document(for event: OutboxEvent) -> BSONDocument {
        var document: BSONDocument = [
            Field.id: id(event.id),
            Field.partitionKey: .string(event.partitionKey),
            Field.type: .string(event.type),
            Field.source: .string(event.source),
        ]
        if let subject = event.subject {
            document[Field.subject] = .string(subject)
        }
        document[Field.time] = date(event.time)
        document[Field.dataContentType] = .string(event.dataContentType)
        document[Field.schemaVersion] = .int64(Int64(event.schemaVersion))
        document[Field.payload] = .binary(BSONBinary(data: Data(event.payload)))
        document[Field.headers] = .array(event.headers.sorted { $0.key < $1.key }.map { name, value in
            .document(["name": .string(name), "value": .string(value)])
        })
        document[Field.attempts] = .int64(0)
        document[Field.nextAttemptAt] = date(event.nextAttemptAt)
        document[Field.status] = status(.pending)
        return document
    }

    /// Reads a stored document back.
    /// - Throws: ``OutboxKit/OutboxError`` with code `corruptRow` naming the field.
    static func event(from document: BSONDocument) throws -> OutboxEvent {
        let idText = try string(document, Field.id)
        guard let id = ULID(idText) else {
            throw corrupt(idText, "its _id \"\(idText)\" is not a ULID")
        }
        var event = OutboxEvent(
            id: id,
            partitionKey: try string(document, Field.partitionKey),
            type: try string(document, Field.type),
            source: try string(document, Field.source),
            subject: try optionalString(document, Field.subject),
            time: try dateValue(document, Field.time, id: idText),
            dataContentType: try string(document, Field.dataContentType),
            schemaVersion: try int(document, Field.schemaVersion, id: idText),
            payload: try payload(document, id: idText),
            headers: try headers(document, id: idText)
        )
        event.attempts = try int(document, Field.attempts, id: idText)
        event.nextAttemptAt = try dateValue(document, Field.nextAttemptAt, id: idText)
        let statusText = try string(document, Field.status)
        guard let status = OutboxEventStatus(rawValue: statusText) else {
            throw corrupt(idText, "its status \"\(statusText)\" is unknown")
        }
        event.status = status
        event.leaseOwner = try optionalString(document, Field.leaseOwner)
        event.leaseExpiresAt = try optionalDate(document, Field.leaseExpiresAt, id: idText)
        event.lastError = try optionalString(document, Field.lastError)
        event.sentAt = try optionalDate(document, Field.sentAt, id: idText)
        return event
    }

    private static func corrupt(_ id: String, _ detail: String) -> OutboxError {
        OutboxError(.corruptRow, "The outbox document \(id) cannot be read: \(detail). Was it edited by hand or written by a newer version?")
    }

    private static func string(_ document: BSONDocument, _ field: String) throws -> String {
        guard let value = document[field]?.stringValue else {
            let id = document[Field.id]?.stringValue ?? "without an _id"
            throw corrupt(id, "the field \(field) is missing or not a string")
        }
        return value
    }

    private static func optionalString(_ document: BSONDocument, _ field: String) throws -> String? {
        switch document[field] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        default: throw corrupt(document[Field.id]?.stringValue ?? "without an _id", "the field \(field) is not a string")
        }
    }

    private static func int(_ document: BSONDocument, _ field: String, id: String) throws -> Int {
        guard let value = document[field]?.int64Value, let int = Int(exactly: value) else {
            throw corrupt(id, "the field \(field) is missing or not an integer")
        }
        return int
    }

    private static func dateValue(_ document: BSONDocument, _ field: String, id: String) throws -> Date {
        guard let value = document[field]?.dateValue else {
            throw corrupt(id, "the field \(field) is missing or not a date")
        }
        return value
    }

    private static func optionalDate(_ document: BSONDocument, _ field: String, id: String) throws -> Date? {
        switch document[field] {
        case nil, .null?: return nil
        case .datetime(let value)?: return value
        default: throw corrupt(id, "the field \(field) is not a date")
        }
    }

    private static func payload(_ document: BSONDocument, id: String) throws -> [UInt8] {
        guard let binary = document[Field.payload]?.binaryValue else {
            throw corrupt(id, "the field payload is missing or not binary data")
        }
        return Array(binary.data)
    }

    private static func headers(_ document: BSONDocument, id: String) throws -> [String: String] {
        guard let array = document[Field.headers]?.arrayValue else {
            throw corrupt(id, "the field headers is missing or not an array")
        }
        var headers: [String: String] = [:]
        for element in array {
            guard let pair = element.documentValue, let name = pair["name"]?.stringValue, let value = pair["value"]?.stringValue else {
                throw corrupt(id, "a header is not a {name, value} pair of strings")
            }
            headers[name] = value
        }
        return headers
    }
}
