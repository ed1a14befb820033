@_exported import struct _MTCSupport.Backoff

/// How an ``OutboxRelay`` claims, retries and cleans up.
public struct OutboxRelayConfiguration: Sendable {
    /// Names this relay in leases; must differ between relays sharing a store. A new ULID by default.
    public var owner: String
    /// Events claimed and published per pass.
    public var batchSize: Int
    /// How long a claim is exclusive. Must exceed the publisher's own delivery timeout, or a
    /// slow delivery lets another relay publish the same events concurrently.
    public var leaseDuration: Duration
    /// Pause before the next claim when the previous one found less than a full batch.
    public var idleInterval: Duration
    /// Pause after the store itself failed (for example a locked database).
    public var storeRetryInterval: Duration
    /// Delays between attempts of a failing event: by default 1 s after the first failed
    /// attempt, doubling up to 300 s, ±20 % jitter so that events failing together do not
    /// all retry at the same instant.
    public var backoff: Backoff
    /// Attempts before an event becomes a dead letter.
    public var maxAttempts: Int
    /// Whether a failing event holds back later events of its key.
    public var blockedHeadPolicy: BlockedHeadPolicy
    /// How long sent events are kept; `nil` keeps them until purged by hand.
    public var sentRetention: Duration?
    /// How often sent events past their retention are purged.
    public var purgeInterval: Duration
    /// How often the pending/lag/dead gauges are refreshed from the store.
    public var statsInterval: Duration
    /// On graceful shutdown, how long the relay keeps publishing what is pending before
    /// ``OutboxRelay/run()`` returns (see ``OutboxRelay/drain(within:)``); `nil` stops at once
    /// and leaves it for the next start. Keep it within the service group's shutdown grace period.
    public var shutdownDrainLimit: Duration?
    /// Prefix of every metric name (`outbox_published_total`, …).
    public var metricsPrefix: String
    /// Dimensions added to every metric (for example the topic).
    public var metricsDimensions: [(String, String)]

    public init(
        owner: String = "relay-\(ULID())",
        batchSize: Int = 500,
        leaseDuration: Duration = .seconds(60),
        idleInterval: Duration = .milliseconds(100),
        storeRetryInterval: Duration = .seconds(1),
        backoff: Backoff = Backoff(initial: .seconds(1), maximum: .seconds(300), multiplier: 2, jitter: 0.2),
        maxAttempts: Int = 12,
        blockedHeadPolicy: BlockedHeadPolicy = .holdKey,
        sentRetention: Duration? = .seconds(7 * 24 * 3600),
        purgeInterval: Duration = .seconds(60),
        statsInterval: Duration = .seconds(5),
        shutdownDrainLimit: Duration? = .seconds(5),
        metricsPrefix: String = "outbox",
        metricsDimensions: [(String, String)] = []
    ) {
        self.owner = owner
        self.batchSize = batchSize
        self.leaseDuration = leaseDuration
        self.idleInterval = idleInterval
        self.storeRetryInterval = storeRetryInterval
        self.backoff = backoff
        self.maxAttempts = maxAttempts
        self.blockedHeadPolicy = blockedHeadPolicy
        self.sentRetention = sentRetention
        self.purgeInterval = purgeInterval
        self.statsInterval = statsInterval
        self.shutdownDrainLimit = shutdownDrainLimit
        self.metricsPrefix = metricsPrefix
        self.metricsDimensions = metricsDimensions
    }
}
