import Foundation
import Logging
import MongoKit
import OutboxMongo
import Testing

/// The MongoDB server the server-backed tests use, from `MTC_TEST_MONGO_URI`. It must be a
/// replica set (transactions) on a loopback address: tests never dial anything else.
enum MongoTestServer {
    static let variable = "MTC_TEST_MONGO_URI"

    static var uri: String? {
        guard let uri = ProcessInfo.processInfo.environment[variable], !uri.isEmpty else { return nil }
        return uri
    }

    /// Why a server-backed test cannot run, or `nil` when it can.
    static var skipReason: String? {
        guard let uri else {
            return "\(variable) is not set; set it to a loopback replica set such as mongodb://127.0.0.1:27017/?replicaSet=rs0 to run it"
        }
        guard isLoopback(uri) else {
            return "\(variable) must name only 127.0.0.0/8, localhost or [::1] hosts; tests never dial other addresses"
        }
        return nil
    }

    /// The skip reason as the comment Swift Testing prints for a test it does not run.
    static var skipComment: Comment? {
        skipReason.map { Comment(rawValue: $0) }
    }

    static func isLoopback(_ uri: String) -> Bool {
        guard uri.hasPrefix("mongodb://") else { return false }
        var rest = uri.dropFirst("mongodb://".count)
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        let hosts = rest.prefix { $0 != "/" && $0 != "?" }
        return hosts.split(separator: ",").allSatisfy { host in
            let name = host.hasPrefix("[") ? String(host.prefix { $0 != "]" }.dropFirst()) : String(host.prefix { $0 != ":" })
            return name == "localhost" || name == "::1" || name.hasPrefix("127.")
        }
    }

    /// No server is configured: a test that reaches ``withStore(_:)`` without the
    /// `.enabled(if:)` trait fails instead of passing without having run.
    struct NotConfigured: Error, CustomStringConvertible {
        var description: String { "\(MongoTestServer.variable) is not set; give the test .enabled(if: MongoTestServer.skipReason == nil, MongoTestServer.skipComment)" }
    }

    /// Runs `body` with a store on a fresh collection, dropped afterwards.
    ///
    /// - Throws: ``NotConfigured`` when `MTC_TEST_MONGO_URI` is unset.
    static func withStore(_ body: (MongoOutboxStore) async throws -> Void) async throws {
        guard let uri else { throw NotConfigured() }
        let logger = Logger(label: "OutboxMongoTests")
        try await MongoClient.withClient(configuration: .init(uri: uri), logger: logger) { client in
            let name = "outbox_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let store = MongoOutboxStore(client: client, database: "mtc_outbox_tests", collection: name, logger: logger)
            try await store.createIndexes()
            do {
                try await body(store)
            } catch {
                try? await store.collection.drop()
                throw error
            }
            try await store.collection.drop()
        }
    }
}
