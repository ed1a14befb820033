import ArgumentParser
import Foundation
import ReferenceServer

/// Flags shared by the subcommands; each overrides its `MTC_*` variable.
struct ServerOptions: ParsableArguments {
    @Option(help: "SQLite file holding all server data (MTC_DATABASE).")
    var database: String?

    @Option(help: "Address to listen on (MTC_HOST).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (MTC_PORT).")
    var port: Int?

    @Option(help: "Tenant of new records (MTC_TENANT).")
    var tenant: String?

    func configuration() throws -> ReferenceServerConfiguration {
        var configuration = try ReferenceServerConfiguration(environment: ProcessInfo.processInfo.environment)
        if let database { configuration.databasePath = database }
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535.") }
            configuration.port = port
        }
        if let tenant { configuration.tenantId = tenant }
        return configuration
    }
}
