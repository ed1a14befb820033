/// Where and how to connect to Redis.
///
/// ```swift
/// var configuration = try RedisConfiguration(url: "redis://app:secret@127.0.0.1:6379/0")
/// configuration.commandTimeout = .milliseconds(500)
/// ```
public struct RedisConfiguration: Sendable, Hashable {
    /// Host name or IP address of the server.
    public var host: String
    /// TCP port of the server.
    public var port: Int
    /// ACL user name (Redis 6+). `nil` authenticates as the default user.
    public var username: String?
    /// Password for `AUTH`. `nil` skips authentication.
    public var password: String?
    /// Logical database selected on every new connection.
    public var database: Int
    /// How long opening a TCP connection may take.
    public var connectTimeout: Duration
    /// How long each command (or pipeline) may wait for its reply. After a timeout the
    /// connection is dropped, because a late reply would otherwise answer the next command.
    public var commandTimeout: Duration
    /// The most connections a ``RedisConnectionPool`` opens; each has its own thread.
    public var maximumConnections: Int
    /// How long ``RedisConnectionPool`` waits for a free connection before failing.
    public var acquireTimeout: Duration

    /// A configuration with the given values; the defaults suit a local server.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(2),
        maximumConnections: Int = 4,
        acquireTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maximumConnections = maximumConnections
        self.acquireTimeout = acquireTimeout
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The server address, never the password.
    public var description: String {
        let user = username.map { "\($0)@" } ?? (password == nil ? "" : "***@")
        return "redis://\(user)\(host):\(port)/\(database)"
    }
}
