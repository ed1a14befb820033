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

    @Option(help: "Kafka bootstrap servers, host:port,…; outbox events go to Kafka when set (MTC_KAFKA_BROKERS).")
    var kafkaBrokers: String?

    @Option(help: "Kafka topic for outbox events (MTC_KAFKA_TOPIC, default raw_data).")
    var kafkaTopic: String?

    @Option(help: "Requests per second per caller; 0 turns the limit off (MTC_RATE_LIMIT, default 10000).")
    var rateLimit: Int?

    func configuration() throws -> ReferenceServerConfiguration {
        var configuration = try ReferenceServerConfiguration(environment: ProcessInfo.processInfo.environment)
        if let database { configuration.databasePath = database }
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535.") }
            configuration.port = port
        }
        if let tenant { configuration.tenantId = tenant }
        if let kafkaBrokers { configuration.kafkaBrokers = kafkaBrokers }
        if let kafkaTopic {
            guard !kafkaTopic.isEmpty else { throw ValidationError("--kafka-topic must not be empty.") }
            configuration.kafkaTopic = kafkaTopic
        }
        if let rateLimit {
            guard rateLimit >= 0 else { throw ValidationError("--rate-limit must be 0 (off) or more requests per second.") }
            configuration.rateLimit.requestsPerSecond = Double(rateLimit)
        }
        return configuration
    }
}
