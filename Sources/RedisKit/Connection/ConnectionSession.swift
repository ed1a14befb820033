import Logging

/// The state of one connection on its worker thread: the hiredis context (if connected) and
/// the handshake that every new context goes through.
struct ConnectionSession {
    private let configuration: RedisConfiguration
    private let logger: Logger
    private var context: HiredisContext?

    init(configuration: RedisConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs a batch, connecting first if needed. A transport failure drops the context, so the
    /// next batch reconnects instead of reading a late reply meant for this one.
    mutating func execute(_ commands: [RedisCommand]) -> Result<[RESPValue], RedisError> {
        if let current = context, current.peerClosed {
            logger.debug("Redis closed the idle connection; reconnecting", metadata: ["redis.server": "\(configuration)"])
            context = nil
        }
        let active: HiredisContext
        if let current = context {
            active = current
        } else {
            switch connect() {
            case .success(let opened):
                context = opened
                active = opened
            case .failure(let error):
                return .failure(error)
            }
        }
        let result = active.execute(commands)
        if case .failure(let error) = result {
            logger.debug("Dropping the Redis connection after a failure", metadata: ["redis.error": "\(error)"])
            context = nil
        }
        return result
    }

    mutating func close() {
        context = nil
    }

    private func connect() -> Result<HiredisContext, RedisError> {
        let opened = HiredisContext.connect(
            host: configuration.host,
            port: configuration.port,
            connectTimeout: configuration.connectTimeout,
            commandTimeout: configuration.commandTimeout
        )
        guard case .success(let context) = opened else { return opened }

        var handshake: [(step: String, command: RedisCommand)] = []
        if let password = configuration.password {
            if let username = configuration.username {
                handshake.append(("AUTH", RedisCommand("AUTH", username, password)))
            } else {
                handshake.append(("AUTH", RedisCommand("AUTH", password)))
            }
        }
        if configuration.database != 0 {
            handshake.append(("SELECT \(configuration.database)", RedisCommand("SELECT", configuration.database)))
        }
        if !handshake.isEmpty {
            switch context.execute(handshake.map(\.command)) {
            case .failure(let error):
                return .failure(error)
            case .success(let replies):
                for (reply, step) in zip(replies, handshake.map(\.step)) {
                    if case .error(let serverError) = reply {
                        return .failure(.authenticationFailed(serverError, step: step))
                    }
                }
            }
        }
        logger.debug("Connected to Redis", metadata: ["redis.server": "\(configuration)"])
        return .success(context)
    }
}
