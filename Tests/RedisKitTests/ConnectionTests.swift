import RedisKit
import RedisKitTesting
import Testing

@Suite(.enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"))
struct ConnectionTests {
    @Test func aPasswordLogsIn() async throws {
        try await withRedisServer(.init(password: "s3cret")) { server in
            let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
            defer { connection.close() }
            try await connection.ping()
        }
    }

    @Test func noPasswordOnAProtectedServerIsNoAuth() async throws {
        try await withRedisServer(.init(password: "s3cret")) { server in
            var configuration = server.configuration
            configuration.password = nil
            let connection = RedisConnection(configuration: configuration, logger: testLogger)
            defer { connection.close() }
            let error = await #expect(throws: RedisError.self) {
                try await connection.ping()
            }
            #expect(error?.serverError?.kind == .noAuth)
        }
    }

    @Test(arguments: [
        (user: String?.none, password: "wrong"),
        (user: "app", password: "wrong"),
        (user: "nobody", password: "app-pass"),
    ])
    func wrongCredentialsFailAuthentication(user: String?, password: String) async throws {
        try await withRedisServer(.init(password: "default-pass", aclUser: (name: "app", password: "app-pass"))) { server in
            var configuration = server.configuration
            configuration.username = user
            configuration.password = password
            let connection = RedisConnection(configuration: configuration, logger: testLogger)
            defer { connection.close() }
            let error = await #expect(throws: RedisError.self) {
                try await connection.ping()
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.serverError?.kind == .wrongPass)
            #expect(error?.message.contains(password) == false)
        }
    }

    @Test func anACLUserLogsInAsItself() async throws {
        try await withRedisServer(.init(password: "default-pass", aclUser: (name: "app", password: "app-pass"))) { server in
            let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
            defer { connection.close() }
            let user = try await connection.send("ACL", "WHOAMI")
            #expect(user.string == "app")
        }
    }

    @Test func theConfiguredDatabaseIsSelected() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.database = 3
            let inThree = RedisConnection(configuration: configuration, logger: testLogger)
            let inZero = RedisConnection(configuration: server.configuration, logger: testLogger)
            defer {
                inThree.close()
                inZero.close()
            }
            try await inThree.send("SET", "where", "three")
            #expect(try await inZero.send("GET", "where") == .null)
            try await inZero.send("SELECT", 3)
            #expect(try await inZero.send("GET", "where").string == "three")
        }
    }

    @Test func aDatabaseTheServerDoesNotHaveFailsToConnect() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.database = 99
            let connection = RedisConnection(configuration: configuration, logger: testLogger)
            defer { connection.close() }
            let error = await #expect(throws: RedisError.self) {
                try await connection.ping()
            }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.message.contains("SELECT 99") == true)
        }
    }

    @Test func aSlowReplyTimesOutAndTheNextCommandReconnects() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.commandTimeout = .milliseconds(200)
            let connection = RedisConnection(configuration: configuration, logger: testLogger)
            defer { connection.close() }
            let clock = ContinuousClock()
            let started = clock.now
            let error = await #expect(throws: RedisError.self) {
                // Blocks for 3 s on the server: far longer than the timeout.
                try await connection.send("BLPOP", "never-filled", 3)
            }
            #expect(error?.code == .timeout)
            #expect(clock.now - started < .seconds(2))
            // Another key: the server may not have seen the timed-out connection close yet, and
            // its still-blocked BLPOP would take a value pushed onto `never-filled`.
            try await connection.send("SET", "after-timeout", "late")
            #expect(try await connection.send("GET", "after-timeout").string == "late")
        }
    }

    @Test func aPausedServerTimesOutInsteadOfHanging() async throws {
        try await withRedisServer { server in
            var configuration = server.configuration
            configuration.commandTimeout = .milliseconds(200)
            let admin = RedisConnection(configuration: server.configuration, logger: testLogger)
            let client = RedisConnection(configuration: configuration, logger: testLogger)
            defer {
                admin.close()
                client.close()
            }
            try await client.ping()
            try await admin.send("CLIENT", "PAUSE", 1000, "ALL")
            let error = await #expect(throws: RedisError.self) {
                try await client.send("GET", "anything")
            }
            #expect(error?.code == .timeout)
        }
    }

    @Test func anIdleConnectionSurvivesAServerRestart() async throws {
        try await withRedisServer { server in
            let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
            defer { connection.close() }
            try await connection.send("SET", "before", "restart")
            await server.kill()
            try await server.restart()
            // The stale socket is noticed before sending, so the first command already works.
            try await connection.ping()
            #expect(try await connection.send("GET", "before") == .null)
        }
    }

    @Test func commandsFailWhileTheServerIsDownAndWorkAfterItReturns() async throws {
        try await withRedisServer { server in
            let connection = RedisConnection(configuration: server.configuration, logger: testLogger)
            defer { connection.close() }
            try await connection.ping()
            await server.kill()
            let error = await #expect(throws: RedisError.self) {
                try await connection.ping()
            }
            #expect(error?.code == .connectionFailed)
            try await server.restart()
            try await connection.ping()
        }
    }
}
