import RedisKit
import RedisKitTesting
import Testing

@Suite(.enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"))
struct RESPReplyTests {
    @Test func repliesArriveAsTheirRESPTypes() async throws {
        try await withRedisPool { redis, _ in
            #expect(try await redis.send("SET", "name", "value") == .simpleString("OK"))
            #expect(try await redis.send("GET", "name") == .bulkString(Array("value".utf8)))
            #expect(try await redis.send("INCRBY", "counter", 41) == .integer(41))
            #expect(try await redis.send("GET", "missing") == .null)
            try await redis.send("RPUSH", "list", "a", "b")
            #expect(try await redis.send("LRANGE", "list", 0, -1) == .array([.bulkString([97]), .bulkString([98])]))
            #expect(try await redis.send("MGET", "name", "missing").array == [.bulkString(Array("value".utf8)), .null])
        }
    }

    @Test func binaryValuesRoundTripByteForByte() async throws {
        try await withRedisPool { redis, _ in
            let bytes: [UInt8] = [0, 255, 13, 10, 36, 42, 0, 128]
            try await redis.send("SET", bytes, bytes)
            #expect(try await redis.send("GET", bytes).bytes == bytes)
            try await redis.send("SET", "empty", "")
            #expect(try await redis.send("GET", "empty") == .bulkString([]))
            #expect(try await redis.send("STRLEN", "empty") == .integer(0))
        }
    }

    @Test func largeValuesRoundTrip() async throws {
        try await withRedisPool { redis, _ in
            let payload = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try await redis.send("SET", "large", payload)
            #expect(try await redis.send("GET", "large").bytes == payload)
        }
    }

    @Test func aPipelineReturnsOneReplyPerCommandWithErrorsInPlace() async throws {
        try await withRedisPool { redis, _ in
            let replies = try await redis.pipeline([
                RedisCommand("SET", "text", "abc"),
                RedisCommand("INCR", "text"),
                RedisCommand("GET", "text"),
            ])
            #expect(replies.count == 3)
            #expect(replies[0] == .simpleString("OK"))
            guard case .error(let error) = replies[1] else {
                Issue.record("expected an error reply, got \(replies[1])")
                return
            }
            #expect(error.kind == .generic)
            #expect(replies[2].string == "abc")
        }
    }

    @Test func aTransactionOnOneConnectionReturnsNestedReplies() async throws {
        try await withRedisPool { redis, _ in
            try await redis.send("SET", "text", "abc")
            let exec = try await redis.withConnection { connection in
                try await connection.send("MULTI")
                try await connection.send("INCR", "counter")
                try await connection.send("LPUSH", "text", "x")
                return try await connection.send("EXEC")
            }
            let results = try #require(exec.array)
            #expect(results.count == 2)
            #expect(results[0] == .integer(1))
            guard case .error(let error) = results[1] else {
                Issue.record("expected a nested WRONGTYPE error, got \(results[1])")
                return
            }
            #expect(error.kind == .wrongType)
        }
    }
}
