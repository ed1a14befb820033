import Foundation
import NIOCore
import OutboxKit
import SQLiteNIO

/// A bridge while the server's own tables are still written through sqlite-nio: the outbox
/// store runs on GRDB, but the server appends in its sqlite-nio transactions, so the rows are
/// inserted here on that connection, in the layout `SQLiteOutboxStore` reads (the same file).
/// Goes away when ServerDatabase moves to GRDB and calls `SQLiteOutboxStore.append(_:in:)`.
extension SQLiteOutboxStore {
    func append(_ events: [OutboxEvent], in connection: SQLiteConnection) async throws {
        for event in events {
            try event.validate()
            let headers = event.headers.isEmpty ? "{}" : String(decoding: try Self.headersEncoder.encode(event.headers), as: UTF8.self)
            do {
                _ = try await connection.query(
                    """
                    INSERT INTO outbox_events (id, partition_key, type, source, subject, time_ms, data_content_type, schema_version,
                        payload, headers, status, attempts, next_attempt_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)
                    """,
                    [
                        .text(event.id.description), .text(event.partitionKey), .text(event.type), .text(event.source),
                        event.subject.map { .text($0) } ?? .null, .integer(Self.milliseconds(event.time)),
                        .text(event.dataContentType), .integer(event.schemaVersion), .blob(ByteBuffer(bytes: event.payload)),
                        .text(headers), .integer(Self.milliseconds(event.nextAttemptAt)),
                    ]
                )
            } catch let error as SQLiteError where error.reason == .constraintPrimaryKeyFailed || error.reason == .constraint {
                throw OutboxError.duplicateID(event.id)
            } catch {
                throw OutboxError.storeFailure("append an event", error)
            }
        }
    }

    private static func milliseconds(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    private static let headersEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
}
