import Foundation
import IdempotencyKit
import Logging
import RedisKit
import _MTCSupport

/// Records in Redis, shared by every server instance that uses the same Redis.
///
/// A claim is one `SET key value NX PX ttl` (pipelined with a `GET`, so a retry learns the
/// existing record in the same round trip). Completion, release and takeover are Lua scripts
/// that compare the lease token and write in one atomic step. Expiry is judged with the
/// gate's clock: a record the clock says has expired counts as absent even while Redis still
/// holds it, and Redis's own key expiry only collects garbage, never before the clock would.
///
/// ```swift
/// let redis = RedisConnectionPool(configuration: try RedisConfiguration(url: redisURL), logger: logger)
/// let store = RedisIdempotencyStore(client: redis, logger: logger)
/// let gate = IdempotencyGate(store: store, configuration: .init(), clock: SystemIdempotencyClock(), logger: logger)
/// ```
public final class RedisIdempotencyStore: IdempotencyStore {
    /// The connection or pool the store sends its commands through.
    public let client: any RedisClient
    /// The configuration in use.
    public let configuration: RedisIdempotencyStoreConfiguration
    private let logger: Logger

    /// A store over an existing connection or pool; the caller keeps ownership of it.
    public init(client: any RedisClient, configuration: RedisIdempotencyStoreConfiguration = .init(), logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// The Redis key of a record.
    public func redisKey(for id: IdempotencyRecordID) -> String {
        configuration.keyPrefix + id.storageKey
    }

    public func claim(_ request: IdempotencyClaimRequest) async throws(IdempotencyError) -> IdempotencyClaimResult {
        let key = redisKey(for: request.id)
        let value = RedisRecordCodec.inFlight(
            fingerprint: request.fingerprint,
            lease: request.lease,
            expiresAt: request.expiresAt,
            claimedAt: request.now
        )
        let expiry = Self.redisExpiry(from: request.now, to: request.expiresAt)
        // Another client may delete or replace the record between our steps; each pass
        // starts over from what Redis holds then, and a handful of passes always suffices.
        for _ in 0..<8 {
            let replies = try await run("claim a key") { () throws(RedisError) in
                try await client.pipeline([
                    RedisCommand("SET", key, value, "NX", "PX", expiry),
                    RedisCommand("GET", key),
                ])
            }
            guard replies.count == 2 else {
                throw Self.unexpected(replies, "claim a key")
            }
            if case .error(let error) = replies[0] {
                throw Self.mapped(error, "claim a key", id: request.id)
            }
            if replies[0] != .null {
                return .claimed
            }
            switch replies[1] {
            case .null:
                continue
            case .bulkString(let existing):
                let decoded = try RedisRecordCodec.decode(existing, id: request.id)
                if decoded.record.isLive(at: request.now) {
                    return .existing(decoded.record)
                }
                let replaced = try await evaluate(
                    RedisRecordScripts.claimExpired,
                    "replace an expired record",
                    id: request.id,
                    key: key,
                    arguments: [request.now.unixMilliseconds, value, expiry]
                )
                if replaced { return .claimed }
            case .error(let error):
                throw Self.mapped(error, "read a record", id: request.id)
            default:
                throw Self.unexpected(replies, "claim a key")
            }
        }
        throw IdempotencyError(
            code: .storeUnavailable,
            message: "The record for \(request.id) kept changing while it was being claimed; retry the request."
        )
    }

    public func takeOver(
        _ id: IdempotencyRecordID,
        staleToken: LeaseToken,
        newLease: IdempotencyLease,
        now: Date
    ) async throws(IdempotencyError) -> Bool {
        try await evaluate(
            RedisRecordScripts.takeOver,
            "take over a stale record",
            id: id,
            key: redisKey(for: id),
            arguments: [
                staleToken.rawValue.utf8.hexEncodedString(),
                newLease.token.rawValue.utf8.hexEncodedString(),
                newLease.expiresAt.unixMilliseconds,
                now.unixMilliseconds,
            ]
        )
    }

    public func complete(_ completion: IdempotencyCompletion) async throws(IdempotencyError) {
        guard completion.encodedResponse.count <= configuration.maximumResponseSize else {
            throw IdempotencyError(
                code: .responseTooLarge,
                message: "The encoded response has \(completion.encodedResponse.count) bytes; the Redis store keeps at most "
                    + "\(configuration.maximumResponseSize). Raise RedisIdempotencyStoreConfiguration.maximumResponseSize."
            )
        }
        let written = try await evaluate(
            RedisRecordScripts.complete,
            "complete a record",
            id: completion.id,
            key: redisKey(for: completion.id),
            arguments: [
                completion.token.rawValue.utf8.hexEncodedString(),
                completion.expiresAt.unixMilliseconds,
                completion.encodedResponse,
            ]
        )
        guard written else {
            throw IdempotencyError.leaseLost(completion.id)
        }
    }

    @discardableResult
    public func release(_ id: IdempotencyRecordID, token: LeaseToken) async throws(IdempotencyError) -> Bool {
        try await evaluate(
            RedisRecordScripts.release,
            "release a claim",
            id: id,
            key: redisKey(for: id),
            arguments: [token.rawValue.utf8.hexEncodedString()]
        )
    }

    public func record(for id: IdempotencyRecordID, now: Date) async throws(IdempotencyError) -> IdempotencyRecord? {
        let reply = try await run("read a record") { () throws(RedisError) in
            try await client.send(RedisCommand("GET", redisKey(for: id)))
        }
        switch reply {
        case .null:
            return nil
        case .bulkString(let value):
            let record = try RedisRecordCodec.decode(value, id: id).record
            return record.isLive(at: now) ? record : nil
        default:
            throw Self.unexpected([reply], "read a record")
        }
    }

    /// Deletes records the clock says have expired but Redis still holds.
    ///
    /// Redis drops expired keys by itself, so this matters only when the gate's clock runs
    /// ahead of Redis's (as a test clock does). It walks the key prefix with `SCAN`, which is
    /// proportional to the size of the database; the count excludes keys Redis dropped itself.
    @discardableResult
    public func removeExpired(now: Date) async throws(IdempotencyError) -> Int {
        let pattern = Self.globEscaped(configuration.keyPrefix) + "*"
        var cursor = "0"
        var removed = 0
        repeat {
            let reply = try await run("scan for expired records") { () throws(RedisError) in
                try await client.send(RedisCommand("SCAN", cursor, "MATCH", pattern, "COUNT", max(1, configuration.scanBatchSize)))
            }
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array else {
                throw Self.unexpected([reply], "scan for expired records")
            }
            cursor = next
            let names: [[UInt8]] = keys.compactMap { $0.bytes }
            if !names.isEmpty {
                let count = try await run("remove expired records") { () throws(RedisError) in
                    try await client.evaluate(
                        RedisRecordScripts.removeExpired,
                        keys: names,
                        arguments: [now.unixMilliseconds]
                    )
                }
                removed += Int(count.integer ?? 0)
            }
        } while cursor != "0"
        if removed > 0 {
            logger.debug("Removed expired idempotency records", metadata: ["idempotency.removed": "\(removed)"])
        }
        return removed
    }

    /// The prefix as a `SCAN MATCH` glob that matches only itself.
    private static func globEscaped(_ prefix: String) -> String {
        var escaped = ""
        for character in prefix {
            if "*?[]\\".contains(character) {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return escaped
    }

    /// Milliseconds Redis keeps a key, at least 1 (Redis refuses `PX 0`).
    private static func redisExpiry(from now: Date, to expiresAt: Date) -> Int64 {
        max(1, expiresAt.unixMilliseconds - now.unixMilliseconds)
    }

    private func evaluate(
        _ script: RedisScript,
        _ operation: String,
        id: IdempotencyRecordID,
        key: String,
        arguments: [any RedisArgument]
    ) async throws(IdempotencyError) -> Bool {
        let reply = try await run(operation, id: id) { () throws(RedisError) in
            try await client.evaluate(script, keys: [key], arguments: arguments)
        }
        guard let written = reply.integer else {
            throw Self.unexpected([reply], operation)
        }
        return written == 1
    }

    private func run<Value>(
        _ operation: String,
        id: IdempotencyRecordID? = nil,
        _ body: () async throws(RedisError) -> Value
    ) async throws(IdempotencyError) -> Value {
        do {
            return try await body()
        } catch {
            let mapped = Self.mapped(error, operation, id: id)
            logger.warning(
                "Redis idempotency store failed",
                metadata: ["idempotency.operation": "\(operation)", "redis.error": "\(error)"]
            )
            throw mapped
        }
    }
}
