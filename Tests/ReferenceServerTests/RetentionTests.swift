import Foundation
import IdempotencyKit
import Logging
@testable import ReferenceServer
import Testing

/// What the server's retention removes: telemetry received before the retention window
/// (RetentionService) and expired idempotency records (IdempotencyKit's sweeper over the
/// backend's store), and nothing younger.
@Suite("Retention")
struct RetentionTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func batch(_ machine: MachineRecord, receivedAt: Date, idempotency: IdempotentWrite? = nil) -> IngestBatch {
        IngestBatch(
            machine: machine, observations: [ObservationInput(dataItemId: "x", timestamp: receivedAt, category: "EVENT", value: .text("a"))],
            receivedAt: receivedAt, idempotency: idempotency, source: "internal",
            derive: { ($0, [], 0) }, respond: { try EventJSON.okResponse(IngestAnswer($0)) }
        )
    }

    @Test("telemetry older than the retention is purged, younger kept", arguments: BackendFactory.all)
    func purgesOldTelemetry(_ factory: BackendFactory) async throws {
        try await BackendConformanceTests.withBackend(factory) { backend in
            let machine = BackendConformanceTests.machine()
            _ = try await backend.machines.create(machine)
            _ = try await backend.ingest.ingest(Self.batch(machine, receivedAt: Date().addingTimeInterval(-3 * 86_400)))
            _ = try await backend.ingest.ingest(Self.batch(machine, receivedAt: Date().addingTimeInterval(-60)))
            var configuration = ReferenceServerConfiguration()
            configuration.telemetryRetention = .seconds(86_400)
            await RetentionService(backend: backend, configuration: configuration, logger: Self.logger).purge()
            let left = try await backend.telemetry.query(
                machineId: machine.id, from: .distantPast, to: .distantFuture, dataItems: [], limit: 10, after: nil
            )
            #expect(left.count == 1)
            #expect(left.first.map { abs($0.receivedAt.timeIntervalSinceNow + 60) < 1 } == true)
        }
    }

    /// One sweep of IdempotencyKit's sweeper, as the server runs it over its backend's store.
    static func sweep(_ store: some IdempotencyStore) async throws -> Int {
        try await IdempotencyExpirySweeper(store: store, logger: logger).sweep()
    }

    @Test("expired idempotency records are swept, live ones kept", arguments: BackendFactory.all)
    func sweepsExpiredRecords(_ factory: BackendFactory) async throws {
        try await BackendConformanceTests.withBackend(factory) { backend in
            let machine = BackendConformanceTests.machine()
            _ = try await backend.machines.create(machine)
            var expiring = try BackendConformanceTests.write(key: "expiring")
            expiring.retention = .milliseconds(1)
            _ = try await backend.ingest.ingest(Self.batch(machine, receivedAt: Date(), idempotency: expiring))
            _ = try await backend.ingest.ingest(Self.batch(machine, receivedAt: Date(), idempotency: try BackendConformanceTests.write(key: "kept")))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await Self.sweep(backend.idempotency) == 1)
            #expect(try await backend.idempotency.record(for: try BackendConformanceTests.write(key: "kept").id, now: Date()) != nil)
        }
    }
}
