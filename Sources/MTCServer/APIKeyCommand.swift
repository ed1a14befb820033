import ArgumentParser
import Foundation
import Logging
import ReferenceServer

struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey",
        abstract: "Manages API keys for /api/ext.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    static var quietLogger: Logger {
        var logger = Logger(label: "mtc-server")
        logger.logLevel = .warning
        return logger
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Creates an API key and prints it once; only its hash is stored."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "A name for the key, e.g. the consuming system.")
        var name = "default"

        func run() async throws {
            let key = try await ReferenceServer.createAPIKey(name: name, configuration: try options.configuration(), logger: quietLogger)
            print(key)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Lists the tenant's API keys (id, name, created, revoked); never a key."
        )

        @OptionGroup var options: ServerOptions

        @Flag(help: "One JSON array instead of a table.")
        var json = false

        func run() async throws {
            let keys = try await ReferenceServer.listAPIKeys(configuration: try options.configuration(), logger: quietLogger)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(keys), as: UTF8.self))
                return
            }
            guard !keys.isEmpty else {
                print("No API keys yet; create one with `mtc-server apikey create --name <consumer>`.")
                return
            }
            print("ID                                    CREATED                   REVOKED                   NAME")
            for key in keys {
                let created = Self.time(key.createdAt)
                let revoked = key.revokedAt.map(Self.time) ?? "-"
                print("\(key.id)  \(created.padding(toLength: 24, withPad: " ", startingAt: 0))  \(revoked.padding(toLength: 24, withPad: " ", startingAt: 0))  \(key.name)")
            }
        }

        static func time(_ milliseconds: Int) -> String {
            Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revokes an API key by id; a running server refuses it from its next request on."
        )

        @OptionGroup var options: ServerOptions

        @Argument(help: "The key's id, as `apikey list` shows it.")
        var id: String

        func run() async throws {
            guard try await ReferenceServer.revokeAPIKey(id: id, configuration: try options.configuration(), logger: quietLogger) else {
                throw CommandFailure("No active API key \(id) in this tenant; `mtc-server apikey list` shows the keys.")
            }
            print("Revoked \(id).")
        }
    }
}

/// A failure of a command that was used correctly: printed as `Error: …` without the usage.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
