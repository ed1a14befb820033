import IdempotencyKit
import OutboxKit

/// Everything the server stores, as one value chosen at start-up.
///
/// The handlers, the ingest pipeline and the background services see only these protocols,
/// never a database type. ``SQLiteBackend`` (one embedded file) is the first backend; the plant
/// backend (MongoDB, Redis, Kafka) is the second. Every backend passes the same conformance
/// suite (`BackendConformanceTests`, with a `BackendFactory` per backend).
///
/// Writes that belong together — an ext event, its outbox entry and the recorded idempotent
/// answer; an ingest batch, the derived machine state and its events — are single calls on a
/// store, so that each backend commits them in one transaction of its own.
protocol ServerBackend: Sendable {
    /// A short name for logs and `/readyz` (`sqlite`, `plant`).
    var name: String { get }
    var machines: any MachineStore { get }
    var telemetry: any TelemetryStore { get }
    var machineState: any MachineStateStore { get }
    var ingest: any IngestStore { get }
    var events: any EventStore { get }
    var apiKeys: any APIKeyStore { get }
    /// Idempotency records of the ext and ingest routes: looked up before a request runs,
    /// swept when expired. Written only inside ``EventStore`` and ``IngestStore`` calls.
    var idempotency: any IdempotencyStore { get }
    /// The outbox the relay publishes from; appended to only inside the stores' own writes.
    var outbox: any OutboxStore { get }

    /// The publisher the relay hands the outbox's events to: `publisher`, behind whatever the
    /// backend needs to complete events it keeps by reference (the SQLite backend's
    /// `observations.batch` names its telemetry rows instead of copying them).
    func publisher(over publisher: any OutboxPublisher) -> any OutboxPublisher

    /// Whether the store answers (for `/readyz`).
    func isReachable() async -> Bool

    /// Releases connections; the backend must not be used afterwards.
    func close() async
}
