import ArgumentParser
import Logging
import ReferenceServer

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Manages API keys for /api/ext.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Creates an API key and prints it once; only its hash is stored."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "A name for the key, e.g. the consuming system.")
        var name = "default"

        func run() async throws {
            var logger = Logger(label: "mtc-server")
            logger.logLevel = .warning
            let key = try await ReferenceServer.createAPIKey(name: name, configuration: try options.configuration(), logger: logger)
            print(key)
        }
    }
}
