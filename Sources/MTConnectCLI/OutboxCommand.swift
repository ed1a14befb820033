import ArgumentParser
import Foundation
import Logging
import OutboxKit

/// Operates the outbox in an SQLite file: counts, dead letters, retries.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Inspect an SQLite outbox and operate its dead letters.",
        subcommands: [Stats.self, Dead.self, Retry.self, Purge.self]
    )

    struct Database: ParsableArguments {
        @Option(name: .long, help: "The SQLite file holding the outbox tables.")
        var database: String

        /// Runs `body` with the store and closes it whatever happens.
        func withStore<T: Sendable>(_ body: (SQLiteOutboxStore) async throws -> T) async throws -> T {
            guard FileManager.default.fileExists(atPath: database) else {
                throw ValidationError("No database at \(database).")
            }
            let store = try await SQLiteOutboxStore.open(path: database, logger: Logger(label: "mtc.outbox"))
            do {
                let result = try await body(store)
                try await store.close()
                return result
            } catch {
                try? await store.close()
                throw error
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count events per status and show the lag.")
        @OptionGroup var database: Database

        func run() async throws {
            let stats = try await database.withStore { try await $0.stats() }
            print("pending \(stats.pending)  in flight \(stats.inFlight)  sent \(stats.sent)  dead \(stats.dead)")
            if let oldest = stats.oldestUnsentTime {
                print("oldest unsent event: \(oldest) (lag \(Int(Date().timeIntervalSince(oldest))) s)")
            }
        }
    }

    struct Dead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters with their last error.")
        @OptionGroup var database: Database
        @Option(help: "How many to list.") var limit = 50
        @Option(help: "List dead letters after this event id (paging).") var after: String?

        func run() async throws {
            let cursor = try after.map { text -> ULID in
                guard let id = ULID(text) else { throw ValidationError("\(text) is not a ULID.") }
                return id
            }
            let dead = try await database.withStore { try await $0.listDead(limit: limit, after: cursor) }
            for event in dead {
                print("\(event.id)  \(event.partitionKey)  \(event.type)  attempts \(event.attempts)  \(event.lastError ?? "")")
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make dead letters pending again.")
        @OptionGroup var database: Database
        @Argument(help: "Event ids.") var ids: [String]

        func run() async throws {
            let parsed = try ids.map(parseID)
            let count = try await database.withStore { try await $0.retryDead(parsed, now: Date()) }
            print("\(count) dead letters will be retried")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete dead letters.")
        @OptionGroup var database: Database
        @Argument(help: "Event ids.") var ids: [String]

        func run() async throws {
            let parsed = try ids.map(parseID)
            let count = try await database.withStore { try await $0.purgeDead(parsed) }
            print("\(count) dead letters deleted")
        }
    }
}

private func parseID(_ text: String) throws -> ULID {
    guard let id = ULID(text) else { throw ValidationError("\(text) is not a ULID.") }
    return id
}
