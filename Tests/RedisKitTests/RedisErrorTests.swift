import RedisKit
import RedisKitTesting
import Testing

@Suite(.enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"))
struct RedisErrorTests {
    @Test func wrongTypeErrorsAreTyped() async throws {
        try await withRedisPool { redis, _ in
            try await redis.send("RPUSH", "list", "a")
            let error = await #expect(throws: RedisError.self) {
                try await redis.send("GET", "list")
            }
            #expect(error?.code == .server)
            #expect(error?.serverError?.kind == .wrongType)
        }
    }

    @Test func unknownCommandsAreGenericServerErrors() async throws {
        try await withRedisPool { redis, _ in
            let error = await #expect(throws: RedisError.self) {
                try await redis.send("NOSUCHCOMMAND", "x")
            }
            #expect(error?.serverError?.kind == .generic)
            #expect(error?.serverError?.message.contains("unknown command") == true)
        }
    }

    @Test func evalshaOfAnUnknownScriptIsNoScript() async throws {
        try await withRedisPool { redis, _ in
            let error = await #expect(throws: RedisError.self) {
                try await redis.send("EVALSHA", String(repeating: "0", count: 40), 0)
            }
            #expect(error?.serverError?.kind == .noScript)
        }
    }

    @Test func scriptsFallBackToEvalWhenTheServerForgotThem() async throws {
        try await withRedisPool { redis, _ in
            let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")
            #expect(try await redis.evaluate(script, keys: ["n"], arguments: [2]) == .integer(2))
            #expect(try await redis.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))
            try await redis.send("SCRIPT", "FLUSH")
            #expect(try await redis.evaluate(script, keys: ["n"], arguments: [3]) == .integer(5))
            #expect(try await redis.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))
        }
    }

    @Test func scriptDigestsMatchTheServers() async throws {
        try await withRedisPool { redis, _ in
            let script = RedisScript("return ARGV[1]")
            let digest = try await redis.send("SCRIPT", "LOAD", script.source)
            #expect(digest.string == script.sha1)
        }
    }

    @Test func scriptErrorsAreServerErrors() async throws {
        try await withRedisPool { redis, _ in
            let script = RedisScript("return redis.call('GET', KEYS[1])")
            try await redis.send("RPUSH", "list", "a")
            let error = await #expect(throws: RedisError.self) {
                try await redis.evaluate(script, keys: ["list"])
            }
            #expect(error?.code == .server)
            #expect(error?.serverError?.kind == .wrongType)
        }
    }

    @Test func aServerThatIsNotThereFailsToConnect() async throws {
        let server = try await RedisTestServer.start()
        await server.kill()
        let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
        defer { connection.close() }
        let error = await #expect(throws: RedisError.self) {
            try await connection.ping()
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
    }

    @Test func aClosedConnectionRefusesCommands() async throws {
        try await withRedisServer { server in
            let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
            try await connection.ping()
            connection.close()
            let error = await #expect(throws: RedisError.self) {
                try await connection.ping()
            }
            #expect(error?.code == .closed)
        }
    }
}
