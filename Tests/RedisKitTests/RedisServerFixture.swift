import Logging
import RedisKit
import RedisKitTesting

/// Quiet unless something is badly wrong: the failure paths under test log warnings by design.
let testLogger: Logger = {
    var logger = Logger(label: "redis-kit-tests")
    logger.logLevel = .critical
    return logger
}()

/// Runs `body` against a fresh redis-server and always stops it afterwards.
func withRedisServer(
    _ options: RedisTestServer.Options = RedisTestServer.Options(),
    _ body: (RedisTestServer) async throws -> Void
) async throws {
    let server = try await RedisTestServer.start(options: options)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// Runs `body` with a pool for a fresh server, closing both afterwards.
func withRedisPool(
    _ body: (RedisConnectionPool, RedisTestServer) async throws -> Void
) async throws {
    try await withRedisServer { server in
        let pool = RedisConnectionPool(configuration: server.configuration, logger: testLogger)
        defer { pool.close() }
        try await body(pool, server)
    }
}

let redisServerInstalled = RedisTestServer.executable != nil
