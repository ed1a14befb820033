import IdempotencyKit
import RedisKit

extension RedisIdempotencyStore {
    static func mapped(_ error: RedisError, _ operation: String, id: IdempotencyRecordID?) -> IdempotencyError {
        if let serverError = error.serverError {
            return mapped(serverError, operation, id: id)
        }
        return .storeUnavailable(operation, error)
    }

    /// A value that is not ours (another type under the key, or a string the scripts cannot
    /// parse) is a corrupted record; any other error reply means Redis could not do the work.
    static func mapped(_ error: RedisServerError, _ operation: String, id: IdempotencyRecordID?) -> IdempotencyError {
        if error.kind == .wrongType || error.kind == RedisServerError.Kind("CORRUPT") {
            let subject = id.map { "the Redis value of \($0)" } ?? "a Redis value under the key prefix"
            return .corruptedRecord("\(subject) is not an idempotency record: \(error.message)")
        }
        return .storeUnavailable(operation, error)
    }

    static func unexpected(_ replies: [RESPValue], _ operation: String) -> IdempotencyError {
        IdempotencyError(
            code: .storeUnavailable,
            message: "Redis answered \(replies) to an attempt to \(operation); the store needs Redis 6.0 or newer."
        )
    }
}
