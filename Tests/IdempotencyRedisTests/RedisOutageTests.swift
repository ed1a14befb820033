import Foundation
import IdempotencyKit
import IdempotencyRedis
import Logging
import RedisKit
import Testing

@Suite(
    .enabled(if: redisServerInstalled, "redis-server is not installed; install it with apt-get install redis-server"),
    .timeLimit(.minutes(1))
)
struct RedisOutageTests {
    let clock = ManualIdempotencyClock()
    let scope = IdempotencyScope(principal: "tenant-1", route: "POST /api/ext/setup")
    let fingerprint = RequestFingerprint(method: "POST", path: "/api/ext/setup", body: Array(#"{"a":1}"#.utf8))

    func gate(_ store: RedisIdempotencyStore, policy: IdempotencyGateConfiguration.StoreFailurePolicy) -> IdempotencyGate<RedisIdempotencyStore> {
        var configuration = IdempotencyGateConfiguration()
        configuration.storeFailurePolicy = policy
        return IdempotencyGate(store: store, configuration: configuration, clock: clock, logger: storeLogger)
    }

    @Test func redisKilledDuringTheWorkLeavesTheResponseUnrecorded() async throws {
        try await RedisStoreFixture.with { fixture in
            let gate = gate(fixture.makeStore(), policy: .reject)
            let runs = RunCounter()
            let outcome = await gate.execute(scope: scope, key: UUID().uuidString, fingerprint: fingerprint) { claim in
                runs.increment()
                #expect(claim.isRecorded)
                await fixture.server.kill()
                return IdempotentResponse(status: 200, body: Array("applied".utf8))
            }
            guard case .executedWithoutRecord(let response, let reason) = outcome else {
                Issue.record("Expected an unrecorded execution, got \(outcome)")
                return
            }
            #expect(response.body == Array("applied".utf8))
            #expect(reason.code == .storeUnavailable)
            #expect(runs.count == 1)
        }
    }

    @Test func nothingRunsWhileRedisIsDownAndTheStoreRecoversWhenItReturns() async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore()
            let rejecting = gate(store, policy: .reject)
            let runs = RunCounter()
            let key = UUID().uuidString
            await fixture.server.kill()
            for _ in 0..<3 {
                let outcome = await rejecting.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                    runs.increment()
                    return IdempotentResponse(status: 200)
                }
                guard case .storeFailure(let error) = outcome else {
                    Issue.record("Expected a store failure, got \(outcome)")
                    continue
                }
                #expect(error.code == .storeUnavailable)
            }
            #expect(runs.count == 0)

            try await fixture.server.restart()
            let outcome = await rejecting.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                runs.increment()
                return IdempotentResponse(status: 200, body: [42])
            }
            guard case .executed = outcome else {
                Issue.record("Expected an execution after Redis returned, got \(outcome)")
                return
            }
            let replay = await rejecting.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                runs.increment()
                return IdempotentResponse(status: 200)
            }
            guard case .replayed(let response) = replay else {
                Issue.record("Expected a replay, got \(replay)")
                return
            }
            #expect(response.body == [42])
            #expect(runs.count == 1)
        }
    }

    @Test func twoServerInstancesSharingRedisExecuteOnce() async throws {
        try await RedisStoreFixture.with { fixture in
            let prefix = "shared-\(UUID().uuidString):"
            let otherPool = RedisConnectionPool(configuration: fixture.server.configuration, logger: storeLogger)
            defer { otherPool.close() }
            let stores = [fixture.pool, otherPool].map {
                RedisIdempotencyStore(client: $0, configuration: RedisIdempotencyStoreConfiguration(keyPrefix: prefix), logger: storeLogger)
            }
            let gates = stores.map { gate($0, policy: .reject) }
            let runs = RunCounter()
            let key = UUID().uuidString
            let outcomes = await withTaskGroup(of: IdempotencyOutcome.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        await gates[index % 2].execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                            runs.increment()
                            try? await Task.sleep(for: .milliseconds(100))
                            return IdempotentResponse(status: 200, body: [7])
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(runs.count == 1)
            let executed = outcomes.filter { if case .executed = $0 { true } else { false } }
            #expect(executed.count == 1)
            for outcome in outcomes {
                switch outcome {
                case .executed, .inFlight: continue
                case .replayed(let response): #expect(response.body == [7])
                default: Issue.record("Unexpected outcome \(outcome)")
                }
            }
        }
    }
}
