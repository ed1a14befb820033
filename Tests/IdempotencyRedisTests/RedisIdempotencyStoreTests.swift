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
struct RedisIdempotencyStoreTests {
    let clock = ManualIdempotencyClock()
    let scope = IdempotencyScope(principal: "api-key-1", route: "POST /api/ext/event")

    func recordID(_ key: String = UUID().uuidString) throws -> IdempotencyRecordID {
        IdempotencyRecordID(scope: scope, key: try IdempotencyKey(validating: key))
    }

    func claimRequest(_ id: IdempotencyRecordID, lease: Duration = .seconds(30), ttl: Duration = .seconds(3600)) -> IdempotencyClaimRequest {
        let now = clock.now
        return IdempotencyClaimRequest(
            id: id,
            fingerprint: RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array("{}".utf8)),
            lease: IdempotencyLease(token: .random(), expiresAt: now.addingTimeInterval(seconds(lease))),
            now: now,
            expiresAt: now.addingTimeInterval(seconds(ttl))
        )
    }

    func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds)
    }

    func gate(_ store: RedisIdempotencyStore, policy: IdempotencyGateConfiguration.StoreFailurePolicy = .reject) -> IdempotencyGate<RedisIdempotencyStore> {
        var configuration = IdempotencyGateConfiguration()
        configuration.storeFailurePolicy = policy
        return IdempotencyGate(store: store, configuration: configuration, clock: clock, logger: storeLogger)
    }

    static let garbage: [[UInt8]] = [
        Array("hello".utf8),
        Array("IR1|X|00|0|0|0|00|".utf8),
        Array("IR1|F|zz|0|9999999999999|0|\(String(repeating: "0", count: 64))|".utf8),
        Array("IR1|F|00|0|9999999999999|0|abcd|".utf8),
        Array("IR1|C||0|9999999999999|0|\(String(repeating: "0", count: 64))|IDR1".utf8),
        [],
    ]

    @Test(arguments: garbage)
    func aValueThatIsNotARecordIsReportedAsCorrupted(value: [UInt8]) async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore()
            let id = try recordID()
            try await fixture.pool.send("SET", store.redisKey(for: id), value)

            let claim = await #expect(throws: IdempotencyError.self) { try await store.claim(claimRequest(id)) }
            #expect(claim?.code == .corruptedRecord)
            let read = await #expect(throws: IdempotencyError.self) { try await store.record(for: id, now: clock.now) }
            #expect(read?.code == .corruptedRecord)
            let outcome = await gate(store).execute(scope: scope, key: id.key.rawValue, fingerprint: claimRequest(id).fingerprint) { _ in
                Issue.record("The work ran over a corrupted record")
                return IdempotentResponse(status: 200)
            }
            guard case .storeFailure(let error) = outcome else {
                Issue.record("Expected a store failure, got \(outcome)")
                return
            }
            #expect(error.code == .corruptedRecord, "\(error)")
        }
    }

    @Test func aKeyOfAnotherRedisTypeIsReportedAsCorrupted() async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore()
            let id = try recordID()
            try await fixture.pool.send("RPUSH", store.redisKey(for: id), "not", "a", "record")
            let token = LeaseToken.random()
            let errors: [IdempotencyError?] = [
                await #expect(throws: IdempotencyError.self) { try await store.claim(claimRequest(id)) },
                await #expect(throws: IdempotencyError.self) { try await store.record(for: id, now: clock.now) },
                await #expect(throws: IdempotencyError.self) { try await store.release(id, token: token) },
                await #expect(throws: IdempotencyError.self) {
                    try await store.takeOver(id, staleToken: token, newLease: IdempotencyLease(token: .random(), expiresAt: clock.now), now: clock.now)
                },
            ]
            #expect(errors.allSatisfy { $0?.code == .corruptedRecord })
            // removeExpired skips what is not a record instead of failing the sweep.
            #expect(try await store.removeExpired(now: clock.now.addingTimeInterval(1e9)) == 0)
            #expect(try await fixture.pool.send("LLEN", store.redisKey(for: id)) == .integer(3))
        }
    }

    @Test func redisKeepsARecordAtLeastAsLongAsTheClockDoes() async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore()
            let id = try recordID()
            let request = claimRequest(id, ttl: .seconds(3600))
            #expect(try await store.claim(request) == .claimed)
            let claimTTL = try #require(try await fixture.pool.send("PTTL", store.redisKey(for: id)).integer)
            #expect(claimTTL > 3_590_000 && claimTTL <= 3_600_000)

            // Completing 100 s (on the clock) after the claim; the record lives a TTL from now.
            clock.advance(by: .seconds(100))
            let response = IdempotentResponse(status: 201, body: Array("done".utf8))
            try await store.complete(
                IdempotencyCompletion(
                    id: id,
                    token: request.lease.token,
                    response: response,
                    encodedResponse: try response.encoded(),
                    expiresAt: clock.now.addingTimeInterval(3600)
                )
            )
            let completedTTL = try #require(try await fixture.pool.send("PTTL", store.redisKey(for: id)).integer)
            #expect(completedTTL > 3_690_000 && completedTTL <= 3_700_000)
            let record = try #require(try await store.record(for: id, now: clock.now))
            #expect(record.state == .completed(response))
            #expect(record.expiresAt == clock.now.addingTimeInterval(3600))
        }
    }

    @Test func aResponseOverTheStoreLimitIsRefusedAndTheClaimStays() async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore(configuration: RedisIdempotencyStoreConfiguration(maximumResponseSize: 64))
            let id = try recordID()
            let request = claimRequest(id)
            #expect(try await store.claim(request) == .claimed)
            let response = IdempotentResponse(status: 200, body: Array(repeating: 0x41, count: 100))
            let error = await #expect(throws: IdempotencyError.self) {
                try await store.complete(
                    IdempotencyCompletion(
                        id: id,
                        token: request.lease.token,
                        response: response,
                        encodedResponse: try response.encoded(),
                        expiresAt: clock.now.addingTimeInterval(60)
                    )
                )
            }
            #expect(error?.code == .responseTooLarge)
            let record = try #require(try await store.record(for: id, now: clock.now))
            #expect(record.state == .inFlight(request.lease))
        }
    }

    @Test func completionStillWorksAfterTheServerForgetsItsScripts() async throws {
        try await RedisStoreFixture.with { fixture in
            let store = fixture.makeStore()
            let gate = gate(store)
            let fingerprint = RequestFingerprint(method: "POST", path: "/x", body: Array("{}".utf8))
            let key = UUID().uuidString
            try await fixture.pool.send("SCRIPT", "FLUSH")
            let first = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                IdempotentResponse(status: 200, body: [1, 2, 3])
            }
            guard case .executed = first else {
                Issue.record("Expected an execution, got \(first)")
                return
            }
            let second = await gate.execute(scope: scope, key: key, fingerprint: fingerprint) { _ in
                IdempotentResponse(status: 500)
            }
            guard case .replayed(let response) = second else {
                Issue.record("Expected a replay, got \(second)")
                return
            }
            #expect(response.body == [1, 2, 3])
        }
    }
}
