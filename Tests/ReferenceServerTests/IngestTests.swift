import Foundation
import MTConnectCoreClient
import OutboxKit
import ReferenceServer
import Synchronization
import Testing

@Suite("Ingest, telemetry and the outbox")
struct IngestTests {
    let start = Date(timeIntervalSince1970: 1_769_860_800)

    func partCounts(_ values: [(Int, Double)]) -> [TelemetryObservation] {
        values.map { count, seconds in
            TelemetryObservation(dataItemId: "pc", timestamp: start.addingTimeInterval(seconds), category: .event, type: "PART_COUNT", value: .number(Double(count)))
        }
    }

    @Test("an ingested batch is stored, derives a cycle time and publishes events keyed by machine")
    func ingestDerivesAndPublishes() async throws {
        let publisher = InProcessPublisher()
        let events = publisher.subscribe()
        try await TestServer.with(publisher: publisher) { server in
            let client = server.client()
            let machine = try await client.createMachine(externalId: "17", name: "Mill")
            var batch = partCounts([(1, 0), (2, 10), (3, 52.5)])
            batch.append(TelemetryObservation(dataItemId: "exec", timestamp: start, category: .event, type: "EXECUTION", value: .text("ACTIVE")))
            batch.append(TelemetryObservation(dataItemId: "Sspeed", timestamp: start.addingTimeInterval(1), category: .sample, type: "SPINDLE_SPEED", value: .number(1200.5)))
            let result = try await client.ingest(machine: machine.id, observations: batch)
            #expect(result.accepted == 5)
            #expect(result.events == 2)

            let cycle = try await client.cycleTime(machine: "17")
            #expect(cycle.lastCycleTime == 42.5)
            #expect(cycle.cycleCount == 1)
            #expect(cycle.source == "internal")
            #expect(cycle.measuredAt == start.addingTimeInterval(52.5))

            let page = try await client.telemetry(machine: machine.id, from: start, to: start.addingTimeInterval(60), limit: 2)
            #expect(page.items.map(\.timestamp) == [start, start])
            let rest = try await client.telemetry(
                machine: machine.id, from: start, to: start.addingTimeInterval(60), limit: 10, cursor: page.nextCursor
            )
            #expect(rest.items.count == 3)
            #expect(rest.nextCursor == nil)
            let speeds = try await client.telemetry(machine: machine.id, from: start, to: start.addingTimeInterval(60), dataItems: ["Sspeed"])
            #expect(speeds.items.map(\.value) == [.number(1200.5)])

            var seen: [OutboxEvent] = []
            try await withTimeout(.seconds(10)) {
                var received: [OutboxEvent] = []
                for await event in events {
                    received.append(event)
                    if received.count == 3 { break }
                }
                return received
            }.forEach { seen.append($0) }
            #expect(Set(seen.map(\.type)) == ["cycle_time.changed", "machine.state.changed", "observations.batch"])
            #expect(seen.allSatisfy { $0.partitionKey == machine.id.uuidString.lowercased() })
            #expect(seen.allSatisfy { $0.schemaVersion == 1 })
        }
    }

    @Test("a machine reporting only Execution gets cycle times from ACTIVE start to ACTIVE start across batches")
    func executionOnlyMachineIsMeasuredAcrossBatches() async throws {
        try await TestServer.with { server in
            let client = server.client()
            let machine = try await client.createMachine(externalId: "21", name: "Old mill")
            func execution(_ value: String, _ seconds: Double) -> TelemetryObservation {
                TelemetryObservation(dataItemId: "exec", timestamp: start.addingTimeInterval(seconds), category: .event, type: "EXECUTION", value: .text(value))
            }
            _ = try await client.ingest(machine: machine.id, observations: [execution("READY", 0), execution("ACTIVE", 10)])
            #expect(try await client.cycleTime(machine: "21").cycleCount == 0)
            _ = try await client.ingest(machine: machine.id, observations: [execution("READY", 30), execution("ACTIVE", 42)])
            let cycle = try await client.cycleTime(machine: "21")
            #expect(cycle.lastCycleTime == 32)
            #expect(cycle.cycleCount == 1)
            #expect(cycle.measuredAt == start.addingTimeInterval(42))
        }
    }

    @Test("ingest refuses bad tokens, unknown machines and invalid observations")
    func ingestRefusesBadInput() async throws {
        try await TestServer.with { server in
            let machine = try await server.client().createMachine(externalId: "17", name: "Mill")
            let url = "\(server.baseURL)/internal/machines/\(machine.id.uuidString.lowercased())/data"
            let json = ("Content-Type", "application/json")
            let good = #"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":"ON"}]}"#
            let noToken = try await send(.POST, url, headers: [json], body: Array(good.utf8))
            #expect(noToken.status == 401)
            let auth = ("Authorization", "Bearer \(TestServer.internalToken)")
            #expect(try await send(.POST, url, headers: [auth, json], body: Array(good.utf8)).status == 200)
            let unknown = try await send(
                .POST, "\(server.baseURL)/internal/machines/\(UUID().uuidString)/data", headers: [auth, json], body: Array(good.utf8)
            )
            #expect(unknown.status == 404)
            let badTime = #"{"observations":[{"dataItemId":"x","timestamp":"yesterday","category":"EVENT"}]}"#
            #expect(try await send(.POST, url, headers: [auth, json], body: Array(badTime.utf8)).status == 422)
            let badCategory = #"{"observations":[{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"OTHER"}]}"#
            let categoryResponse = try await send(.POST, url, headers: [auth, json], body: Array(badCategory.utf8))
            #expect(categoryResponse.status == 422)
            let empty = try await send(.POST, url, headers: [auth, json], body: Array(#"{"observations":[]}"#.utf8))
            #expect(empty.status == 422)
        }
    }

    @Test("a batch of 10,000 observations is refused whole and the server keeps serving")
    func hugeArrayIsRefused() async throws {
        try await TestServer.with(configure: { $0.maximumBodySize = 4 << 20 }) { server in
            let machine = try await server.client().createMachine(externalId: "17", name: "Mill")
            let item = #"{"dataItemId":"x","timestamp":"2026-01-31T12:00:00Z","category":"EVENT","value":1}"#
            let body = #"{"observations":["# + Array(repeating: item, count: 10_000).joined(separator: ",") + "]}"
            let response = try await send(
                .POST, "\(server.baseURL)/internal/machines/\(machine.id.uuidString.lowercased())/data",
                headers: [("Authorization", "Bearer \(TestServer.internalToken)"), ("Content-Type", "application/json")],
                body: Array(body.utf8)
            )
            #expect(response.status == 422)
            let errors = response.json?["errors"] as? [[String: Any]]
            #expect(errors?.first?["field"] as? String == "/observations")
            let page = try await server.client().telemetry(machine: machine.id, from: Date(timeIntervalSince1970: 0), to: Date())
            #expect(page.items.isEmpty)
        }
    }

    @Test("after a restart on the same file the data is intact and pending events are published")
    func restartKeepsDataAndPublishesPending() async throws {
        let directory = TemporaryDirectory.make()
        let failing = FailingPublisher()
        let machineId = try await TestServer.with(directory: directory, publisher: failing) { server in
            let client = server.client()
            let machine = try await client.createMachine(externalId: "17", name: "Mill")
            _ = try await client.ingest(machine: machine.id, observations: partCounts([(1, 0), (2, 30), (3, 60)]))
            try await withTimeout(.seconds(10)) {
                while failing.attempts == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            return machine.id
        }
        let publisher = InProcessPublisher()
        let events = publisher.subscribe()
        try await TestServer.with(directory: directory, publisher: publisher) { server in
            let client = server.client()
            #expect(try await client.machine(id: machineId).externalId == "17")
            #expect(try await client.cycleTime(machine: "17").lastCycleTime == 30)
            let stored = try await client.telemetry(machine: machineId, from: start, to: start.addingTimeInterval(120))
            #expect(stored.items.count == 3)
            let types = try await withTimeout(.seconds(20)) {
                var received: [String] = []
                for await event in events {
                    received.append(event.type)
                    if received.count == 2 { break }
                }
                return received
            }
            #expect(Set(types) == ["cycle_time.changed", "observations.batch"])
        }
    }
}

/// A publisher whose broker is always down: events stay pending in the outbox.
final class FailingPublisher: OutboxPublisher {
    private let count = Mutex(0)

    var attempts: Int { count.withLock { $0 } }

    func publish(_ events: [OutboxEvent]) async -> [OutboxDelivery] {
        count.withLock { $0 += 1 }
        return events.map { _ in .failed(OutboxPublishFailure("broker down")) }
    }
}
