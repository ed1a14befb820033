/// Something that runs Redis commands: a ``RedisConnection`` or a ``RedisConnectionPool``.
public protocol RedisClient: Sendable {
    /// Sends the commands in one write and returns one reply per command, in order; error
    /// replies come back in place as ``RESPValue/error(_:)``.
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue]
}

extension RedisClient {
    /// Sends one command and returns its reply; an error reply is thrown with ``RedisError/Code/server``.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        let replies = try await pipeline([command])
        guard let reply = replies.first else {
            throw .unexpectedReply(.array([]), expected: "one reply")
        }
        if case .error(let serverError) = reply {
            throw .server(serverError)
        }
        return reply
    }

    /// Sends one command built from a name and arguments.
    @discardableResult
    public func send(_ name: String, _ arguments: any RedisArgument...) async throws(RedisError) -> RESPValue {
        try await send(RedisCommand(name, arguments: arguments))
    }

    /// Checks that the server answers (`PING`).
    public func ping() async throws(RedisError) {
        let reply = try await send(RedisCommand("PING"))
        guard reply.string == "PONG" else {
            throw .unexpectedReply(reply, expected: "PONG")
        }
    }

    /// Runs a Lua script by its SHA1 (`EVALSHA`), sending the source (`EVAL`) only when the
    /// server does not have it cached (`NOSCRIPT`, e.g. after a restart). `EVAL` caches it again.
    @discardableResult
    public func evaluate(
        _ script: RedisScript,
        keys: [any RedisArgument] = [],
        arguments: [any RedisArgument] = []
    ) async throws(RedisError) -> RESPValue {
        let parameters: [any RedisArgument] = [keys.count] + keys + arguments
        do throws(RedisError) {
            return try await send(RedisCommand("EVALSHA", arguments: [script.sha1] + parameters))
        } catch where error.serverError?.kind == .noScript {
            return try await send(RedisCommand("EVAL", arguments: [script.source] + parameters))
        }
    }
}
