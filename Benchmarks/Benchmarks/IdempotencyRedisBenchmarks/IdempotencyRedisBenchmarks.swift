import Benchmark
import Foundation
import IdempotencyKit
import IdempotencyRedis
import Logging
import RedisKit
import RedisKitTesting
import Synchronization

/// A redis-server started for the benchmarks (over loopback), and what runs against it.
struct Fixture: Sendable {
    let server: RedisTestServer
    let pool: RedisConnectionPool
    let gate: IdempotencyGate<RedisIdempotencyStore>
}

let fixture = Mutex<Fixture?>(nil)
let keyCounter = Atomic<Int>(0)
let scope = IdempotencyScope(principal: "bench-key", route: "POST /api/ext/event")
let body = Array(#"{"machine":"17","event":"cycle","count":1}"#.utf8)
let fingerprint = RequestFingerprint(method: "POST", path: "/api/ext/event", body: body)
let response = IdempotentResponse(
    status: 200,
    headers: [.init(name: "Content-Type", value: "application/json")],
    body: Array(#"{"id":"01JD0000000000000000000000","status":"accepted"}"#.utf8)
)
let replayKey = "replayed-key"

func startRedis() async throws {
    let logger = Logger(label: "idempotency-redis-benchmarks")
    let server = try await RedisTestServer.start()
    let pool = RedisConnectionPool(configuration: server.configuration, logger: logger)
    let store = RedisIdempotencyStore(client: pool, logger: logger)
    let gate = IdempotencyGate(store: store, logger: logger)
    // The replay benchmark reads this record; the first execution writes it.
    _ = await gate.execute(scope: scope, key: replayKey, fingerprint: fingerprint) { _ in response }
    fixture.withLock { $0 = Fixture(server: server, pool: pool, gate: gate) }
}

func stopRedis() async throws {
    guard let current = fixture.withLock({ $0.take() }) else { return }
    current.pool.close()
    await current.server.stop()
}

func running() -> Fixture {
    guard let current = fixture.withLock({ $0 }) else {
        fatalError("redis-server did not start; is it installed (apt-get install redis-server)?")
    }
    return current
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 50,
        maxDuration: .seconds(5),
        maxIterations: 20_000
    )

    // Measures: one PING through RedisKit (queue hand-off to the connection thread, a write
    // and a read over loopback, resuming the caller). Floor for every store operation below:
    // each needs at least one such round trip.
    Benchmark("RedisKit PING round trip", closure: { benchmark in
        let pool = running().pool
        for _ in benchmark.scaledIterations {
            try await pool.ping()
        }
    }, setup: startRedis, teardown: stopRedis)

    // Measures: a first request through the gate with the Redis store: the claim (SET NX PX
    // pipelined with GET, one round trip) and the completion (EVALSHA compare-and-set, one
    // round trip). Floor: two PING round trips.
    Benchmark("Redis store claim + complete", closure: { benchmark in
        let gate = running().gate
        for _ in benchmark.scaledIterations {
            let key = "claim-\(keyCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
            let outcome = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in response }
            guard case .executed = outcome else { fatalError("expected an execution, got \(outcome)") }
        }
    }, setup: startRedis, teardown: stopRedis)

    // Measures: a retry of a completed request: the claim attempt whose pipelined GET returns
    // the stored record, decoding it and checking the fingerprint. Floor: one PING round trip.
    Benchmark("Redis store replay", closure: { benchmark in
        let gate = running().gate
        for _ in benchmark.scaledIterations {
            let outcome = await gate.execute(scope: scope, key: replayKey, fingerprint: fingerprint) { _ in response }
            guard case .replayed = outcome else { fatalError("expected a replay, got \(outcome)") }
        }
    }, setup: startRedis, teardown: stopRedis)
}
