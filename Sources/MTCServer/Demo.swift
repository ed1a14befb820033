import Foundation
import Logging
import MTConnectCoreClient
import MTConnectAgentSimulator
import ModbusSimulator
import ReferenceServer
import ServiceLifecycle
import _MTCSupport

/// `mtc-server --demo`: the whole pipeline on loopback with simulated equipment, a fresh
/// database in a temporary directory, and credentials printed with commands that use them.
struct Demo {
    /// The operator's settings: where to listen (`--host`, `--port`, 0 for a free one), the rate
    /// limit, the tenant and Kafka are kept; the database and the secrets are the demo's own.
    let settings: ReferenceServerConfiguration
    /// `--log-level` (or `MTC_LOG_LEVEL`); the demo is quiet (`warning`) otherwise.
    let logLevel: String?

    func run() async throws {
        let logger = JSONLogHandler.bootstrap(level: logLevel ?? "warning")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = settings
        configuration.databasePath = directory.appendingPathComponent("mtc-server.sqlite").path
        configuration.jwtSecret = Self.randomSecret()
        configuration.jwtPublicKeyPEM = nil
        configuration.internalToken = Self.randomSecret()

        let mill = AgentSimulator(source: ScriptedMill(cycleLength: 16), logger: logger)
        let adam = ADAM6050Simulator(logger: logger)
        let adamPort = try adam.start()
        let apiKey = try await ReferenceServer.createAPIKey(name: "demo", configuration: configuration, logger: logger)
        let adminToken = try await TokenIssuer(configuration: configuration).issue(subject: "demo-admin", role: .admin)
        let server = ReferenceServer(configuration: configuration, metricsRegistry: MetricsBootstrap.registry, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: mill), .init(service: adam), .init(service: CyclingLathe(simulator: adam)),
                    .init(service: server),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        async let running: Void = group.run()
        // The port the server listens on, not the one asked for: with --port 0 they differ.
        let port = try await server.listeningPort()
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let base = "http://\(["0.0.0.0", "::"].contains(configuration.host) ? "127.0.0.1" : host):\(port)"
        let client = CoreClient(configuration: .init(serverURL: URL(string: base)!, accessToken: adminToken))
        while mill.port == 0 { try await Task.sleep(for: .milliseconds(20)) }
        _ = try await client.createMachine(
            externalId: "17", name: "Demo mill (MTConnect agent simulator)",
            source: .mtconnect(agentURL: mill.baseURL, device: "Mill", intervalMilliseconds: 250)
        )
        let lathe = try await client.createMachine(
            externalId: "18", name: "Demo lathe (ADAM-6050 simulator)",
            source: .modbus(ModbusSource(host: "127.0.0.1", port: adamPort, pollIntervalMilliseconds: 50, cycleChannel: 0, spindleChannel: 1))
        )
        let banner = """
        MTConnect Core demo — data in \(directory.path)

        API key:      \(apiKey)
        Admin token:  \(adminToken)

        For the commands below and in Docs/getting-started.md:
          export MTC_URL=\(base)
          export MTC_API_KEY=\(apiKey)
          export MTC_ADMIN_TOKEN=\(adminToken)
          export MTC_INTERNAL_TOKEN=\(configuration.internalToken ?? "")

        Machines (admin token):
          curl -s -H 'Authorization: Bearer \(adminToken)' \(base)/api/v1/machines
        Record a setup (API key, idempotent):
          curl -s -X POST -H 'X-API-Key: \(apiKey)' -H 'X-Idempotency-Key: demo-1' -H 'Content-Type: application/json' \\
               -d '{"machineId":"18","phase":"started","occurredAt":"2026-01-01T08:00:00Z"}' \(base)/api/ext/setup
        Cycle time of the simulated mill (use 18 for the lathe), measured within a minute:
          curl -s -H 'X-API-Key: \(apiKey)' \(base)/api/ext/machines/17/cycle-time

        Lathe id: \(lathe.id.uuidString.lowercased()). Press Ctrl-C to stop.

        """
        // Written unbuffered: piped, print's buffer would hold the credentials until exit.
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await running
    }

    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexEncodedString()
    }
}

/// Drives the simulator like a lathe: spindle on, cycle input pulse, 8–12 s per part.
struct CyclingLathe: Service {
    let simulator: ADAM6050Simulator

    func run() async throws {
        var generator = SystemRandomNumberGenerator()
        while !Task.isShuttingDownGracefully {
            simulator.setInput(1, true)
            simulator.setInput(0, true)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(500)) }
            simulator.setInput(0, false)
            let pause = Duration.milliseconds(Int.random(in: 7500...11_500, using: &generator))
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            simulator.setInput(1, false)
        }
    }
}
