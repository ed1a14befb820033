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

        func validate() throws {
            guard FileManager.default.fileExists(atPath: database) else {
                throw ValidationError("no database at \(database)")
            }
        }

        /// Runs `body` with the store and closes it whatever happens.
        func withStore<T: Sendable>(_ body: (SQLiteOutboxStore) async throws -> T) async throws -> T {
            let store = try await SQLiteOutboxStore.open(path: database, logger: cliLogger("mtc.outbox"))
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
        @Flag(help: "Print one JSON object instead of text.") var json = false

        func run() async throws {
            let stats = try await database.withStore { try await $0.stats() }
            let lag = stats.oldestUnsentTime.map { Int(Date().timeIntervalSince($0)) }
            if json {
                var object: [String: Any] = ["pending": stats.pending, "inFlight": stats.inFlight, "sent": stats.sent, "dead": stats.dead]
                if let oldest = stats.oldestUnsentTime, let lag {
                    object["oldestUnsentTime"] = outboxTimestamp(oldest)
                    object["lagSeconds"] = lag
                }
                print(outboxJSON(object))
                return
            }
            print("pending \(stats.pending)  in flight \(stats.inFlight)  sent \(stats.sent)  dead \(stats.dead)")
            if let oldest = stats.oldestUnsentTime, let lag {
                print("oldest unsent event: \(oldest) (lag \(lag) s)")
            } else {
                print("no unsent events")
            }
        }
    }

    struct Dead: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List dead letters with their last error.")
        @OptionGroup var database: Database
        @Option(help: "How many to list.") var limit = 50
        @Option(help: "List dead letters after this event id (paging).") var after: String?
        @Flag(help: "Print one JSON object per dead letter instead of text.") var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be positive") }
            if let after { _ = try parseID(after) }
        }

        func run() async throws {
            let cursor = try after.map(parseID)
            let dead = try await database.withStore { try await $0.listDead(limit: limit, after: cursor) }
            if dead.isEmpty {
                let notice = cursor == nil ? "no dead letters" : "no dead letters after \(after ?? "")"
                // With --json, standard output stays JSON lines.
                if json {
                    FileHandle.standardError.write(Data((notice + "\n").utf8))
                } else {
                    print(notice)
                }
            }
            for event in dead {
                if json {
                    var object: [String: Any] = [
                        "id": "\(event.id)", "partitionKey": event.partitionKey, "type": event.type, "source": event.source,
                        "time": outboxTimestamp(event.time), "attempts": event.attempts,
                    ]
                    if let subject = event.subject { object["subject"] = subject }
                    if let lastError = event.lastError { object["lastError"] = lastError }
                    print(outboxJSON(object))
                } else {
                    print("\(event.id)  \(event.partitionKey)  \(event.type)  attempts \(event.attempts)  \(event.lastError ?? "")")
                }
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make dead letters pending again.")
        @OptionGroup var database: Database
        @Argument(help: "Event ids.") var ids: [String]

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give the ids of the dead letters to retry") }
            _ = try ids.map(parseID)
        }

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

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give the ids of the dead letters to delete") }
            _ = try ids.map(parseID)
        }

        func run() async throws {
            let parsed = try ids.map(parseID)
            let count = try await database.withStore { try await $0.purgeDead(parsed) }
            print("\(count) dead letters deleted")
        }
    }
}

private func parseID(_ text: String) throws -> ULID {
    guard let id = ULID(text) else { throw ValidationError("\(text) is not an event id (a ULID)") }
    return id
}

private func outboxTimestamp(_ date: Date) -> String {
    date.formatted(.iso8601)
}

private func outboxJSON(_ object: [String: Any]) -> String {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
    return String(decoding: data, as: UTF8.self)
}
