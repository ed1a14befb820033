import Foundation
import SQLiteNIO

/// Turns a row of `idempotency_records` back into a record, refusing anything malformed.
enum SQLiteRecordDecoder {
    static func record(from row: SQLiteRow, id: IdempotencyRecordID) throws(IdempotencyError) -> IdempotencyRecord {
        guard let fingerprintBlob = row.column("fingerprint")?.blob else {
            throw .corruptedRecord("the fingerprint column is not a blob")
        }
        let fingerprint = try RequestFingerprint(bytes: fingerprintBlob.readableBytesView)
        guard let expiresAt = row.column("expires_at").flatMap(integer) else {
            throw .corruptedRecord("the expires_at column is not an integer")
        }
        let state: IdempotencyRecord.State
        switch row.column("state").flatMap(integer) {
        case SQLiteIdempotencySchema.stateInFlight:
            guard let token = row.column("lease_token").flatMap(text), !token.isEmpty,
                let leaseEnd = row.column("lease_expires_at").flatMap(integer)
            else {
                throw .corruptedRecord("an in-flight record has no lease")
            }
            state = .inFlight(IdempotencyLease(token: LeaseToken(rawValue: token), expiresAt: Date(millisecondsSince1970: leaseEnd)))
        case SQLiteIdempotencySchema.stateCompleted:
            guard let blob = row.column("response")?.blob else {
                throw .corruptedRecord("a completed record has no response blob")
            }
            state = .completed(try IdempotentResponse(encoded: blob.readableBytesView))
        default:
            throw .corruptedRecord("the state column holds an unknown value")
        }
        return IdempotencyRecord(id: id, fingerprint: fingerprint, state: state, expiresAt: Date(millisecondsSince1970: expiresAt))
    }

    /// Only real integers: SQLiteData's own accessors would convert text and floats.
    private static func integer(_ data: SQLiteData) -> Int64? {
        if case .integer(let value) = data { Int64(value) } else { nil }
    }

    private static func text(_ data: SQLiteData) -> String? {
        if case .text(let value) = data { value } else { nil }
    }
}
