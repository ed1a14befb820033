import Foundation
import IdempotencyKit
import _MTCSupport

/// The value stored under each record's Redis key.
///
/// An ASCII header that the Lua scripts can match with one anchored pattern, then the
/// response in IdempotencyKit's portable encoding:
///
///     IR1|<state F or C>|<lease token, hex>|<lease end ms>|<expires ms>|<claimed ms>|<fingerprint hex>|<response>
///
/// Times are milliseconds since 1970 on the gate's clock. The claim time stays with the record
/// so that completion can give Redis a key expiry at least as long as the clock's TTL.
enum RedisRecordCodec {
    static let magic = "IR1"

    struct Decoded {
        let record: IdempotencyRecord
        let claimedAt: Date
    }

    static func inFlight(fingerprint: RequestFingerprint, lease: IdempotencyLease, expiresAt: Date, claimedAt: Date) -> [UInt8] {
        let header = [
            magic,
            "F",
            lease.token.rawValue.utf8.hexEncodedString(),
            String(lease.expiresAt.unixMilliseconds),
            String(expiresAt.unixMilliseconds),
            String(claimedAt.unixMilliseconds),
            fingerprint.bytes.hexEncodedString(),
            "",
        ].joined(separator: "|")
        return Array(header.utf8)
    }

    static func decode(_ value: [UInt8], id: IdempotencyRecordID) throws(IdempotencyError) -> Decoded {
        // Seven separators end the header; the response after them may contain any byte.
        var fields: [ArraySlice<UInt8>] = []
        var start = value.startIndex
        var index = value.startIndex
        while fields.count < 7, index < value.endIndex {
            if value[index] == UInt8(ascii: "|") {
                fields.append(value[start..<index])
                start = index + 1
            }
            index += 1
        }
        guard fields.count == 7, String(decoding: fields[0], as: UTF8.self) == magic else {
            throw .corruptedRecord("the Redis value of \(id) is not an idempotency record")
        }
        let payload = value[start...]
        guard let leaseEnd = Int64(String(decoding: fields[3], as: UTF8.self)),
            let expires = Int64(String(decoding: fields[4], as: UTF8.self)),
            let claimed = Int64(String(decoding: fields[5], as: UTF8.self)),
            let fingerprintBytes = [UInt8](hexEncoded: fields[6])
        else {
            throw .corruptedRecord("the Redis value of \(id) has a malformed header")
        }
        let fingerprint = try RequestFingerprint(bytes: fingerprintBytes)
        let state: IdempotencyRecord.State
        switch String(decoding: fields[1], as: UTF8.self) {
        case "F":
            guard let tokenBytes = [UInt8](hexEncoded: fields[2]), !tokenBytes.isEmpty,
                let token = String(validating: tokenBytes, as: UTF8.self), payload.isEmpty
            else {
                throw .corruptedRecord("the in-flight Redis value of \(id) has a malformed lease")
            }
            state = .inFlight(IdempotencyLease(token: LeaseToken(rawValue: token), expiresAt: Date(unixMilliseconds: leaseEnd)))
        case "C":
            state = .completed(try IdempotentResponse(encoded: payload))
        default:
            throw .corruptedRecord("the Redis value of \(id) has an unknown state")
        }
        return Decoded(
            record: IdempotencyRecord(id: id, fingerprint: fingerprint, state: state, expiresAt: Date(unixMilliseconds: expires)),
            claimedAt: Date(unixMilliseconds: claimed)
        )
    }
}
