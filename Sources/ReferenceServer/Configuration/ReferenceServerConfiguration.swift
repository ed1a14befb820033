import Foundation

/// Everything the server needs to start. Every field has a default except the secrets;
/// ``init(environment:)`` reads the `MTC_*` variables documented in `Docs/configuration.md`.
public struct ReferenceServerConfiguration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (see ``ReferenceServer/listeningPort()``).
    public var port = 8080
    /// The SQLite file holding all server data.
    public var databasePath = "mtc-server.sqlite"
    /// HS256 secret for access tokens (at least 32 bytes). Never logged.
    public var jwtSecret: String?
    /// RS256 public key (PEM) for access tokens signed elsewhere; wins over ``jwtSecret``.
    public var jwtPublicKeyPEM: String?
    /// Bearer token adapters send to `/internal`. `/internal` refuses everything when unset.
    public var internalToken: String?
    /// The tenant of records created without one.
    public var tenantId = "plant-1"
    /// Largest request body accepted; larger ones get 413.
    public var maximumBodySize = 1 << 20
    /// Status for an idempotency key reused with a different body: 409 (default) or 422 (IETF draft).
    public var idempotencyKeyReusedStatus = 409
    /// How long idempotency records are kept.
    public var idempotencyRetention: Duration = .seconds(7 * 24 * 3600)
    /// How long raw telemetry is kept.
    public var telemetryRetention: Duration = .seconds(30 * 24 * 3600)
    /// How often retention runs.
    public var retentionInterval: Duration = .seconds(3600)
    /// Kafka bootstrap servers; the in-process publisher is used when unset.
    public var kafkaBrokers: String?
    /// Kafka topic for machine and ext events.
    public var kafkaTopic = "raw_data"
    /// Extra librdkafka producer properties (`security.protocol`, `sasl.*`, …) for ``kafkaBrokers``.
    public var kafkaOptions: [String: String] = [:]
    /// Requests per second and burst allowed per caller (API key, token subject, adapter).
    public var rateLimit = RateLimitConfiguration()
    /// Requests per second and burst allowed per client address on the authenticated routes,
    /// counted before authentication, so requests that fail it (guessed API keys or tokens)
    /// are limited too (`MTC_RATE_LIMIT_ADDRESS`, `MTC_RATE_LIMIT_ADDRESS_BURST`).
    public var addressRateLimit = RateLimitConfiguration()
    /// The most write requests (every method but GET and HEAD) in progress at once; over it a
    /// write is refused with 503 `overloaded` and `Retry-After: 1` instead of queueing for the
    /// SQLite write lock without limit. `0` turns the bound off.
    public var maximumConcurrentWrites = 256
    /// Deadlines for a connection's request head, body and keep-alive idle time, and the most
    /// connections open at once (`MTC_HTTP_HEADER_TIMEOUT`, `MTC_HTTP_BODY_TIMEOUT`,
    /// `MTC_HTTP_IDLE_TIMEOUT` in seconds, `MTC_MAX_CONNECTIONS`).
    public var connectionLimits = ConnectionLimits()
    /// The hosts machine sources may name (`MTC_SOURCE_HOSTS`, e.g. `127.0.0.0/8,::1`); every
    /// host when unset. See ``SourceHostPolicy``.
    public var sourceHosts = SourceHostPolicy.any
    /// How long a graceful shutdown waits for in-flight requests and the relay.
    public var shutdownGracePeriod: Duration = .seconds(10)

    /// The defaults, without secrets.
    public init() {}

    /// Reads `MTC_*` variables over the defaults.
    ///
    /// - Throws: ``ReferenceServerError`` naming the variable whose value is invalid.
    public init(environment: [String: String]) throws {
        self.init()
        if let value = environment["MTC_HOST"] { host = value }
        if let value = environment["MTC_PORT"] { port = try Self.integer(value, "MTC_PORT", range: 0...65535) }
        if let value = environment["MTC_DATABASE"] { databasePath = value }
        jwtSecret = environment["MTC_JWT_SECRET"]
        if let pem = environment["MTC_JWT_PUBLIC_KEY"] { jwtPublicKeyPEM = pem }
        if let path = environment["MTC_JWT_PUBLIC_KEY_FILE"] {
            guard let pem = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ReferenceServerError.configuration("MTC_JWT_PUBLIC_KEY_FILE names \(path), which cannot be read.")
            }
            jwtPublicKeyPEM = pem
        }
        internalToken = environment["MTC_INTERNAL_TOKEN"]
        if let value = environment["MTC_TENANT"] { tenantId = value }
        if let value = environment["MTC_MAX_BODY_BYTES"] {
            maximumBodySize = try Self.integer(value, "MTC_MAX_BODY_BYTES", range: 1024...(64 << 20))
        }
        if let value = environment["MTC_IDEMPOTENCY_REUSED_STATUS"] {
            idempotencyKeyReusedStatus = try Self.integer(value, "MTC_IDEMPOTENCY_REUSED_STATUS", range: 409...422)
            guard [409, 422].contains(idempotencyKeyReusedStatus) else {
                throw ReferenceServerError.configuration("MTC_IDEMPOTENCY_REUSED_STATUS must be 409 or 422.")
            }
        }
        if let value = environment["MTC_TELEMETRY_RETENTION_DAYS"] {
            telemetryRetention = .seconds(try Self.integer(value, "MTC_TELEMETRY_RETENTION_DAYS", range: 1...3650) * 86400)
        }
        kafkaBrokers = environment["MTC_KAFKA_BROKERS"]
        if let value = environment["MTC_KAFKA_TOPIC"] {
            guard !value.isEmpty, value.count <= 249 else {
                throw ReferenceServerError.configuration("MTC_KAFKA_TOPIC must be a topic name of 1 to 249 characters.")
            }
            kafkaTopic = value
        }
        if let value = environment["MTC_RATE_LIMIT"] {
            rateLimit.requestsPerSecond = Double(try Self.integer(value, "MTC_RATE_LIMIT", range: 0...10_000_000))
        }
        if let value = environment["MTC_RATE_LIMIT_BURST"] {
            rateLimit.burst = try Self.integer(value, "MTC_RATE_LIMIT_BURST", range: 1...10_000_000)
        }
        if let value = environment["MTC_RATE_LIMIT_ADDRESS"] {
            addressRateLimit.requestsPerSecond = Double(try Self.integer(value, "MTC_RATE_LIMIT_ADDRESS", range: 0...10_000_000))
        }
        if let value = environment["MTC_RATE_LIMIT_ADDRESS_BURST"] {
            addressRateLimit.burst = try Self.integer(value, "MTC_RATE_LIMIT_ADDRESS_BURST", range: 1...10_000_000)
        }
        if let value = environment["MTC_MAX_CONCURRENT_WRITES"] {
            maximumConcurrentWrites = try Self.integer(value, "MTC_MAX_CONCURRENT_WRITES", range: 0...1_000_000)
        }
        if let value = environment["MTC_HTTP_HEADER_TIMEOUT"] {
            connectionLimits.headerTimeout = .seconds(try Self.integer(value, "MTC_HTTP_HEADER_TIMEOUT", range: 1...3600))
        }
        if let value = environment["MTC_HTTP_BODY_TIMEOUT"] {
            connectionLimits.bodyTimeout = .seconds(try Self.integer(value, "MTC_HTTP_BODY_TIMEOUT", range: 1...3600))
        }
        if let value = environment["MTC_HTTP_IDLE_TIMEOUT"] {
            connectionLimits.idleTimeout = .seconds(try Self.integer(value, "MTC_HTTP_IDLE_TIMEOUT", range: 1...3600))
        }
        if let value = environment["MTC_SOURCE_HOSTS"] { sourceHosts = try SourceHostPolicy(allowList: value) }
        if let value = environment["MTC_MAX_CONNECTIONS"] {
            connectionLimits.maximumConnections = try Self.integer(value, "MTC_MAX_CONNECTIONS", range: 1...1_000_000)
        }
    }

    private static func integer(_ text: String, _ name: String, range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw ReferenceServerError.configuration("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), not \"\(text)\".")
        }
        return value
    }
}
