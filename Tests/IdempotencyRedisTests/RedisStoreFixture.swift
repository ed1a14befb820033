import Foundation
import IdempotencyKit
import IdempotencyRedis
import Logging
import RedisKit
import RedisKitTesting
import Synchronization

/// Quiet unless something is badly wrong: the failure paths under test log warnings by design.
let storeLogger: Logger = {
    var logger = Logger(label: "idempotency-redis-tests")
    logger.logLevel = .critical
    return logger
}()
let redisServerInstalled = RedisTestServer.executable != nil

/// A redis-server, a pool on it, and stores with their own key prefixes; torn down by ``with(_:)``.
struct RedisStoreFixture {
    let server: RedisTestServer
    let pool: RedisConnectionPool

    func makeStore(configuration: RedisIdempotencyStoreConfiguration = .init()) -> RedisIdempotencyStore {
        var configuration = configuration
        configuration.keyPrefix = "test-\(UUID().uuidString):"
        return RedisIdempotencyStore(client: pool, configuration: configuration, logger: storeLogger)
    }

    static func with(_ body: (RedisStoreFixture) async throws -> Void) async throws {
        let server = try await RedisTestServer.start()
        let pool = RedisConnectionPool(configuration: server.configuration, logger: storeLogger)
        let fixture = RedisStoreFixture(server: server, pool: pool)
        do {
            try await body(fixture)
        } catch {
            pool.close()
            await server.stop()
            throw error
        }
        pool.close()
        await server.stop()
    }
}

/// Counts how many times work ran, from any task.
final class RunCounter: Sendable {
    private let value = Atomic<Int>(0)

    var count: Int {
        value.load(ordering: .relaxed)
    }

    func increment() {
        value.add(1, ordering: .relaxed)
    }
}
