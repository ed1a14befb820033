import Foundation
import GRDB
import _MTCSupport

/// Turns a row of ``SQLiteIdempotencySchema/select`` back into a record, refusing anything malformed.
enum SQLiteRecordDecoder {
    /// Columns: fingerprint, state, lease_token, lease_expires_at, response, expires_at.
    static func record(from row: Row, id: IdempotencyRecordID) throws(IdempotencyError) -> IdempotencyRecord {
        guard case .blob(let fingerprintBlob) = (row[0] as DatabaseValue).storage else {
            throw .corruptedRecord("the fingerprint column is not a blob")
        }
        let fingerprint = try RequestFingerprint(bytes: fingerprintBlob)
        guard let expiresAt = integer(row, 5) else {
            throw .corruptedRecord("the expires_at column is not an integer")
        }
        let state: IdempotencyRecord.State
        switch integer(row, 1) {
        case SQLiteIdempotencySchema.stateInFlight:
            guard case .string(let token) = (row[2] as DatabaseValue).storage, !token.isEmpty,
                let leaseEnd = integer(row, 3)
            else {
                throw .corruptedRecord("an in-flight record has no lease")
            }
            state = .inFlight(IdempotencyLease(token: LeaseToken(rawValue: token), expiresAt: Date(unixMilliseconds: leaseEnd)))
        case SQLiteIdempotencySchema.stateCompleted:
            guard case .blob(let blob) = (row[4] as DatabaseValue).storage else {
                throw .corruptedRecord("a completed record has no response blob")
            }
            state = .completed(try IdempotentResponse(encoded: blob))
        default:
            throw .corruptedRecord("the state column holds an unknown value")
        }
        return IdempotencyRecord(id: id, fingerprint: fingerprint, state: state, expiresAt: Date(unixMilliseconds: expiresAt))
    }

    /// Only real integers: no conversion from text or floats.
    private static func integer(_ row: Row, _ index: Int) -> Int64? {
        if case .int64(let value) = (row[index] as DatabaseValue).storage { value } else { nil }
    }
}
