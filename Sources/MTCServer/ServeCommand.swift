import ArgumentParser
import Foundation
import Logging
import ReferenceServer
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Runs the server (the default command)."
    )

    @OptionGroup var options: ServerOptions

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (MTC_LOG_LEVEL).")
    var logLevel: String?

    @Flag(help: "Run on localhost with a fresh database and simulated equipment, and print credentials.")
    var demo = false

    func run() async throws {
        if demo {
            try await Demo(settings: try options.configuration(), logLevel: logLevel ?? ProcessInfo.processInfo.environment["MTC_LOG_LEVEL"]).run()
            return
        }
        let configuration = try options.configuration()
        let logger = JSONLogHandler.bootstrap(level: logLevel ?? ProcessInfo.processInfo.environment["MTC_LOG_LEVEL"])
        let server = ReferenceServer(configuration: configuration, metricsRegistry: MetricsBootstrap.registry, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
