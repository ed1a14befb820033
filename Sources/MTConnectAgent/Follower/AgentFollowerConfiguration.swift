@_exported import struct _MTCSupport.Backoff

/// How an ``AgentFollower`` talks to an agent. The defaults suit a production agent on a
/// plant network; tests shorten the timings.
public struct AgentFollowerConfiguration: Sendable {
    /// How observations are fetched.
    public enum Mode: Sendable, Hashable {
        /// `sample?interval=…` as one long multipart response; falls back to polling when the
        /// agent refuses `interval` or answers with a single document.
        case streaming
        /// Repeated `sample?from=…&count=…` requests.
        case polling
    }

    /// Where the follower starts the first time it connects.
    public enum StartPosition: Sendable, Hashable {
        /// The latest value of every data item (`/current`), then everything newer.
        case current
        /// Everything still in the agent's buffer, oldest first.
        case earliest
    }

    /// Only this device (`/<device>/sample`); `nil` follows every device of the agent.
    public var device: String?
    /// An XPath filter passed through to the agent as `path=`, e.g. `//DataItem[@type="EXECUTION"]`.
    public var path: String?
    public var mode: Mode = .streaming
    public var startPosition: StartPosition = .current
    /// The `interval` of a stream: the least time between two parts.
    public var interval: Duration = .milliseconds(100)
    /// The `heartbeat` asked of the agent: it sends an empty part when idle this long.
    public var heartbeat: Duration = .seconds(10)
    /// A stream that delivers nothing for this long is dead and is reconnected. `nil` means
    /// twice the heartbeat.
    public var heartbeatTimeout: Duration?
    /// How long a probe, current or polled sample may take before it is abandoned.
    public var requestTimeout: Duration = .seconds(30)
    /// How long to wait between polls when the agent had nothing more.
    public var pollingInterval: Duration = .seconds(1)
    /// `count` per request or streamed part.
    public var count: Int = 1000
    /// Ask for gzip responses (`Accept-Encoding: gzip`); decompression is bounded.
    public var acceptsCompression: Bool = true
    /// Header fields sent with every request, e.g. `["Authorization": "Bearer …"]` for an
    /// agent behind an authenticating proxy. Never logged.
    public var headers: [String: String] = [:]
    /// The most HTTP redirects followed per request; 0 treats a redirect as a failed request.
    /// A follower that must reach only the agent it was given (an allow-listed host) sets 0.
    public var maximumRedirects: Int = 5
    /// The largest document accepted, after decompression.
    public var maximumDocumentSize: Int = 64 * 1024 * 1024
    /// Delays between reconnection attempts, and between resyncs when the agent answers
    /// `OUT_OF_RANGE` again right after one: by default 0.5 s after the first failure,
    /// doubling up to 30 s, ±20 % jitter so that many followers of one restarted agent do not
    /// reconnect in lockstep. A document that gets through starts it again from the first wait.
    public var backoff = Backoff(initial: .milliseconds(500), maximum: .seconds(30), multiplier: 2, jitter: 0.2)
    /// The first part of every metric's label, e.g. `mtconnect_agent_observations_total`.
    public var metricsPrefix: String = "mtconnect_agent"
    /// Dimensions added to every metric, e.g. `[("machine", "mill-7")]` when one process
    /// follows several agents.
    public var metricsDimensions: [(String, String)] = []

    public init() {}

    var effectiveHeartbeatTimeout: Duration {
        heartbeatTimeout ?? heartbeat * 2
    }
}
