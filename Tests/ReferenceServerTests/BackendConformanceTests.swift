import Foundation
import IdempotencyKit
import Logging
import OutboxKit
@testable import ReferenceServer
import Synchronization
import Testing

/// A backend under test, opened fresh for each case.
struct BackendFactory: Sendable, CustomTestStringConvertible {
    var name: String
    var open: @Sendable () async throws -> (backend: any ServerBackend, cleanup: @Sendable () -> Void)

    var testDescription: String { name }

    static let sqlite = BackendFactory(name: "sqlite") {
        let directory = TemporaryDirectory.make()
        let backend = try await SQLiteBackend.open(
            path: directory.appendingPathComponent("backend.sqlite").path, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        return (backend, { try? FileManager.default.removeItem(at: directory) })
    }

    /// Every backend this build can run; the plant backend joins when its engines are reachable.
    static let all: [BackendFactory] = [.sqlite]
}

/// The contract every ``ServerBackend`` keeps, run against each one.
@Suite("Server backend conformance")
struct BackendConformanceTests {
    static func withBackend(_ factory: BackendFactory, _ body: (any ServerBackend) async throws -> Void) async throws {
        let (backend, cleanup) = try await factory.open()
        defer { cleanup() }
        do {
            try await body(backend)
        } catch {
            await backend.close()
            throw error
        }
        await backend.close()
    }

    static func machine(_ externalId: String = "17", tenant: String = "plant-1") -> MachineRecord {
        MachineRecord(
            id: UUID().uuidString.lowercased(), tenantId: tenant, externalId: externalId, name: "Lathe \(externalId)",
            sourceJSON: #"{"kind":"none"}"#, createdAt: StoreTime.nowMilliseconds(), updatedAt: StoreTime.nowMilliseconds()
        )
    }

    static func write(key: String, body: String = "{}", principal: String = "key-1") throws -> IdempotentWrite {
        IdempotentWrite(
            id: IdempotencyRecordID(scope: IdempotencyScope(principal: principal, route: "/api/ext/event"), key: try IdempotencyKey(validating: key)),
            fingerprint: RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array(body.utf8)),
            retention: .seconds(3600)
        )
    }

    static func event(machine: MachineRecord, key: String) -> ExtEventRecord {
        ExtEventRecord(
            id: ULID(time: Date(), seed: key), tenantId: machine.tenantId, machineId: machine.id, type: "ext.test",
            occurredAt: StoreTime.microseconds(Date()), receivedAt: StoreTime.microseconds(Date()), payload: Array(#"{"k":"\#(key)"}"#.utf8)
        )
    }

    static func record(_ event: ExtEventRecord, on backend: any ServerBackend, write: IdempotentWrite) async throws -> IdempotentWriteOutcome<ExtEventRecord> {
        try await backend.events.record(event, outbox: EventJSON.outboxEvent(for: event, source: "/test"), idempotency: write) { stored in
            try EventJSON.okResponse(["eventId": stored.id.description])
        }
    }

    @Test("machines: unique external id per tenant, update, reference by id or external id, delete", arguments: BackendFactory.all)
    func machines(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let first = Self.machine("17")
            #expect(try await backend.machines.create(first) == .written(first))
            #expect(try await backend.machines.create(Self.machine("17")) == .duplicateExternalId)
            #expect(try await backend.machines.create(Self.machine("17", tenant: "plant-2")) != .duplicateExternalId)
            #expect(try await backend.machines.machine(reference: "17", tenantId: "plant-1")?.id == first.id)
            #expect(try await backend.machines.machine(reference: first.id.uppercased(), tenantId: "plant-1")?.id == first.id)
            #expect(try await backend.machines.machine(reference: "17", tenantId: "plant-3") == nil)
            let second = Self.machine("18")
            _ = try await backend.machines.create(second)
            #expect(try await backend.machines.update(id: second.id, tenantId: "plant-1") { $0.externalId = "17" } == .duplicateExternalId)
            guard case .written(let renamed) = try await backend.machines.update(id: second.id, tenantId: "plant-1", change: { $0.name = "Mill" }) else {
                Issue.record("update failed")
                return
            }
            #expect(renamed.name == "Mill")
            let page = try await backend.machines.list(tenantId: "plant-1", limit: 1, after: nil)
            #expect(page.count == 1)
            let rest = try await backend.machines.list(tenantId: "plant-1", limit: 10, after: PageCursor(position: page[0].createdAt, id: page[0].id))
            #expect(Set((page + rest).map(\.id)) == [first.id, second.id])
            #expect(try await backend.machines.delete(id: first.id, tenantId: "plant-1"))
            #expect(try await !backend.machines.delete(id: first.id, tenantId: "plant-1"))
            #expect(try await backend.machines.all().count == 2)
        }
    }

    @Test("an ext event commits once with its outbox entry and answer; the same key replays, another body is refused", arguments: BackendFactory.all)
    func extEventsAreIdempotent(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let machine = Self.machine()
            _ = try await backend.machines.create(machine)
            let event = Self.event(machine: machine, key: "k-1")
            guard case .written(let stored, let answer?) = try await Self.record(event, on: backend, write: try Self.write(key: "k-1")) else {
                Issue.record("not written")
                return
            }
            #expect(stored == event)
            guard case .replayed(let replay) = try await Self.record(event, on: backend, write: try Self.write(key: "k-1")) else {
                Issue.record("not replayed")
                return
            }
            #expect(replay == answer)
            let record = try await backend.idempotency.record(for: try Self.write(key: "k-1").id, now: Date())
            #expect(record.map { if case .completed(let response) = $0.state { response == answer } else { false } } == true)
            guard case .keyReused = try await Self.record(event, on: backend, write: try Self.write(key: "k-1", body: #"{"other":1}"#)) else {
                Issue.record("a reused key was accepted")
                return
            }
            // A key the idempotency store does not know, for an event id that exists (the key
            // was forgotten): the first event is answered, nothing is written twice.
            var later = event
            later.receivedAt += 5_000_000
            guard case .written(let found, _) = try await Self.record(later, on: backend, write: try Self.write(key: "k-1", principal: "key-2")) else {
                Issue.record("not written")
                return
            }
            #expect(found == event)
            let claimed = try await backend.outbox.claim(owner: "test", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Date())
            #expect(claimed.map(\.id) == [event.id])
        }
    }

    @Test("an ingest batch stores observations, state and events together; a keyed retry stores nothing", arguments: BackendFactory.all)
    func ingestIsAtomicAndIdempotent(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let machine = Self.machine()
            _ = try await backend.machines.create(machine)
            let base = Date(timeIntervalSince1970: 1_735_689_600)
            let observations = [0.001, 0.000123, 0.999999].enumerated().map { index, fraction in
                ObservationInput(dataItemId: "d\(index)", timestamp: base.addingTimeInterval(fraction), category: "SAMPLE", value: .number(Double(index)))
            }
            func batch(_ key: String?, fail: Bool = false) throws -> IngestBatch {
                IngestBatch(
                    machine: machine, observations: observations, receivedAt: Date(), idempotency: try key.map { try Self.write(key: $0) },
                    source: "internal",
                    derive: { state in
                        if fail { throw HTTPProblem.badRequest("refused") }
                        var next = state
                        next.cycleCount += 1
                        let event = OutboxEvent(partitionKey: machine.id, type: "test", source: "/test", payload: Array("{}".utf8))
                        return (next, [event], 1)
                    },
                    respond: { try EventJSON.okResponse(IngestAnswer($0)) }
                )
            }
            guard case .written(let result, let answer?) = try await backend.ingest.ingest(try batch("b-1")) else {
                Issue.record("not written")
                return
            }
            #expect(result == IngestResult(accepted: 3, events: 1))
            guard case .replayed(let replay) = try await backend.ingest.ingest(try batch("b-1")) else {
                Issue.record("not replayed")
                return
            }
            #expect(replay == answer)
            await #expect(throws: HTTPProblem.self) { try await backend.ingest.ingest(try batch("b-2", fail: true)) }
            _ = try await backend.ingest.ingest(try batch(nil))
            #expect(try await backend.machineState.state(machineId: machine.id).cycleCount == 2)
            let rows = try await backend.telemetry.query(
                machineId: machine.id, from: base, to: base.addingTimeInterval(1), dataItems: [], limit: 100, after: nil
            )
            #expect(rows.count == 6)
            // Microseconds survive the round trip exactly.
            let fractions = Set(rows.map { StoreTime.microseconds($0.observation.timestamp) - StoreTime.microseconds(base) })
            #expect(fractions == [1000, 123, 999_999])
            let claimed = try await backend.outbox.claim(owner: "test", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Date())
            #expect(claimed.map(\.type) == ["test", IngestPipeline.rawBatchType, "test", IngestPipeline.rawBatchType])
        }
    }

    @Test("observations.batch is published with the batch as received, however the backend keeps it", arguments: BackendFactory.all)
    func rawBatchIsPublishedAsReceived(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let machine = Self.machine()
            _ = try await backend.machines.create(machine)
            let base = Date(timeIntervalSince1970: 1_735_689_600.25)
            // More rows than one insert statement holds, every kind of value and a condition.
            let observations = (0..<257).map { Self.varied($0, base: base) }
            let receivedAt = Date(timeIntervalSince1970: 1_735_689_601.000_123)
            let batch = IngestBatch(
                machine: machine, observations: observations, receivedAt: receivedAt, idempotency: nil, source: "mtconnect",
                derive: { ($0, [], 0) }, respond: { try EventJSON.okResponse(IngestAnswer($0)) }
            )
            _ = try await backend.ingest.ingest(batch)
            let claimed = try await backend.outbox.claim(owner: "test", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Date())
            try #require(claimed.count == 1)
            let published = EventCapture()
            #expect(await backend.publisher(over: published).publish(claimed) == [.delivered])
            let event = try #require(published.events.first)
            #expect(event.id == claimed[0].id)
            #expect(event.type == IngestPipeline.rawBatchType)
            #expect(event.partitionKey == machine.id)
            #expect(abs(event.time.timeIntervalSince(receivedAt)) < 0.001)  // the outbox keeps milliseconds
            #expect(event.headers == ["tenantid": machine.tenantId])
            let expected = IngestPipeline.rawBatchPayload(observations, header: batch.rawHeader)
            #expect(String(decoding: event.payload, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        }
    }

    /// Observation `index` of a batch with every kind of value, optional field and a condition.
    static func varied(_ index: Int, base: Date) -> ObservationInput {
        let value: ObservationInput.Value?
        switch index % 3 {
        case 0: value = nil
        case 1: value = .text("t\u{1}\(index)")
        default: value = .number(Double(index) / 8)
        }
        let isCondition = index % 3 == 0
        return ObservationInput(
            dataItemId: "d\(index % 7)", timestamp: base.addingTimeInterval(Double(index) * 0.000_001),
            category: isCondition ? "CONDITION" : "SAMPLE", type: index % 2 == 0 ? "POSITION" : nil,
            subType: index % 5 == 0 ? "ACTUAL" : nil, name: index % 4 == 0 ? "n\"\(index)" : nil,
            sequence: index % 6 == 0 ? nil : Int64(index), value: value,
            condition: isCondition ? ObservationInput.Condition(level: "WARNING", message: "m") : nil
        )
    }

    @Test("observations.batch of a deleted machine goes to dead letters, the events beside it are published", arguments: BackendFactory.all)
    func rawBatchOfDeletedMachineFailsPermanently(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let machine = Self.machine()
            _ = try await backend.machines.create(machine)
            let batch = IngestBatch(
                machine: machine, observations: [ObservationInput(dataItemId: "x", timestamp: Date(), category: "EVENT", value: .text("a"))],
                receivedAt: Date(), idempotency: nil, source: "internal",
                derive: { state in
                    (state, [OutboxEvent(partitionKey: machine.id, type: "test", source: "/test", payload: Array("{}".utf8))], 1)
                }, respond: { try EventJSON.okResponse(IngestAnswer($0)) }
            )
            _ = try await backend.ingest.ingest(batch)
            _ = try await backend.machines.delete(id: machine.id, tenantId: machine.tenantId)
            let claimed = try await backend.outbox.claim(owner: "test", limit: 10, leaseDuration: .seconds(30), policy: .holdKey, now: Date())
            let published = EventCapture()
            let results = await backend.publisher(over: published).publish(claimed)
            #expect(claimed.map(\.type) == ["test", IngestPipeline.rawBatchType])
            #expect(results.first == .delivered)
            guard case .failed(let failure) = results.last else {
                Issue.record("observations.batch of a deleted machine was published: \(results)")
                return
            }
            #expect(failure.isPermanent)
            #expect(failure.message.contains("no longer stored"))
            #expect(published.events.map(\.type) == ["test"])
        }
    }

    @Test("api keys are found by hash while active", arguments: BackendFactory.all)
    func apiKeys(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            try await backend.apiKeys.insert(id: "id-1", name: "erp", tenantId: "plant-1", keyHash: "abc", createdAt: 1)
            let found = try await backend.apiKeys.activeKey(hash: "abc")
            #expect(found?.id == "id-1" && found?.tenantId == "plant-1")
            #expect(try await backend.apiKeys.activeKey(hash: "abd") == nil)
            #expect(await backend.isReachable())
        }
    }

    @Test("api keys are listed per tenant without hashes and refused once revoked", arguments: BackendFactory.all)
    func apiKeyRevocation(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            try await backend.apiKeys.insert(id: "id-1", name: "erp", tenantId: "plant-1", keyHash: "h1", createdAt: 1)
            try await backend.apiKeys.insert(id: "id-2", name: "mes", tenantId: "plant-1", keyHash: "h2", createdAt: 2)
            try await backend.apiKeys.insert(id: "id-3", name: "other", tenantId: "plant-2", keyHash: "h3", createdAt: 3)
            #expect(try await backend.apiKeys.list(tenantId: "plant-1").map(\.id) == ["id-1", "id-2"])

            #expect(try await backend.apiKeys.revoke(id: "id-1", tenantId: "plant-1", at: 10))
            #expect(try await backend.apiKeys.activeKey(hash: "h1") == nil)
            #expect(try await backend.apiKeys.activeKey(hash: "h2")?.id == "id-2")
            #expect(try await backend.apiKeys.list(tenantId: "plant-1").first?.revokedAt == 10)
            // Twice, or another tenant's key: nothing to revoke.
            #expect(try await !backend.apiKeys.revoke(id: "id-1", tenantId: "plant-1", at: 11))
            #expect(try await !backend.apiKeys.revoke(id: "id-3", tenantId: "plant-1", at: 11))
            #expect(try await backend.apiKeys.activeKey(hash: "h3")?.id == "id-3")
        }
    }

    @Test("telemetry purges by receive time", arguments: BackendFactory.all)
    func telemetryPurge(_ factory: BackendFactory) async throws {
        try await Self.withBackend(factory) { backend in
            let machine = Self.machine()
            _ = try await backend.machines.create(machine)
            let batch = IngestBatch(
                machine: machine, observations: [ObservationInput(dataItemId: "x", timestamp: Date(), category: "EVENT", value: .text("a"))],
                receivedAt: Date().addingTimeInterval(-7200), idempotency: nil, source: "internal",
                derive: { ($0, [], 0) }, respond: { try EventJSON.okResponse(IngestAnswer($0)) }
            )
            _ = try await backend.ingest.ingest(batch)
            #expect(try await backend.telemetry.purge(receivedBefore: Date().addingTimeInterval(-3600)) == 1)
        }
    }
}

/// A publisher that keeps what it is given.
final class EventCapture: OutboxPublisher {
    private let published = Mutex<[OutboxEvent]>([])

    var events: [OutboxEvent] { published.withLock { $0 } }

    func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
        published.withLock { $0 += events }
        return events.map { _ in .delivered }
    }
}
