import RedisKit
import RedisKitTesting
import Testing

@Suite(.enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"))
struct PoolTests {
    @Test func concurrentCommandsShareABoundedNumberOfConnections() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.maximumConnections = 3
            let pool = RedisConnectionPool(configuration: configuration, logger: testLogger)
            defer { pool.close() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        try await pool.send("INCR", "counter")
                        try await pool.send("SADD", "members", index)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.send("GET", "counter").string == "300")
            #expect(try await pool.send("SCARD", "members") == .integer(300))
            #expect(pool.openedConnections <= 3)
            #expect(pool.openedConnections >= 1)
        }
    }

    @Test func callersWaitingLongerThanTheAcquireTimeoutFail() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.maximumConnections = 1
            configuration.acquireTimeout = .milliseconds(100)
            let pool = RedisConnectionPool(configuration: configuration, logger: testLogger)
            defer { pool.close() }
            // The only connection is held until the refused caller has been answered, however
            // slowly the machine schedules either task: no sleep decides the outcome.
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            let holder = Task {
                try await pool.withConnection { connection in
                    try await connection.ping()
                    holding.yield()
                    for await _ in released { break }
                }
            }
            for await _ in held { break }
            let error = await #expect(throws: RedisError.self) {
                try await pool.send("PING")
            }
            #expect(error?.code == .poolExhausted)
            release.yield()
            try await holder.value
            try await pool.ping()
        }
    }

    @Test func aClosedPoolRefusesCommands() async throws {
        try await withRedisServer { server in
            let pool = RedisConnectionPool(configuration: server.configuration, logger: testLogger)
            try await pool.ping()
            pool.close()
            let error = await #expect(throws: RedisError.self) {
                try await pool.ping()
            }
            #expect(error?.code == .closed)
        }
    }

    @Test func everyPooledConnectionRecoversAfterARestart() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.maximumConnections = 4
            let pool = RedisConnectionPool(configuration: configuration, logger: testLogger)
            defer { pool.close() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await pool.send("INCR", "n") }
                }
                try await group.waitForAll()
            }
            await server.kill()
            try await server.restart()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await pool.send("INCR", "n") }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.send("GET", "n").string == "20")
        }
    }
}
