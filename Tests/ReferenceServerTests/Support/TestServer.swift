import AsyncHTTPClient
import Foundation
import Logging
import MTConnectCoreClient
import OutboxKit
import ReferenceServer
import ServiceLifecycle

/// A real server on a random loopback port over a fresh SQLite file in a temporary directory.
struct TestServer: Sendable {
    static let jwtSecret = "test-secret-that-is-long-enough-for-hs256"
    static let internalToken = "internal-test-token"

    let port: Int
    let configuration: ReferenceServerConfiguration
    let apiKey: String
    let adminToken: String
    let operatorToken: String

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// A client with every credential and retries that do not sleep.
    func client(retryPolicy: RetryPolicy = RetryPolicy(sleep: { _ in })) -> CoreClient {
        CoreClient(
            configuration: .init(
                serverURL: baseURL, apiKey: apiKey, accessToken: adminToken, internalToken: Self.internalToken,
                timeout: .seconds(30), retryPolicy: retryPolicy
            )
        )
    }

    func client(accessToken: String?) -> CoreClient {
        CoreClient(configuration: .init(serverURL: baseURL, accessToken: accessToken, timeout: .seconds(30), retryPolicy: .none))
    }

    static func configuration(directory: URL) -> ReferenceServerConfiguration {
        var configuration = ReferenceServerConfiguration()
        configuration.port = 0
        configuration.databasePath = directory.appendingPathComponent("server.sqlite").path
        configuration.jwtSecret = jwtSecret
        configuration.internalToken = internalToken
        configuration.maximumBodySize = 256 * 1024
        return configuration
    }

    /// Runs `body` against a started server, then shuts it down gracefully.
    static func with<T: Sendable>(
        directory: URL? = nil,
        publisher: (any OutboxPublisher)? = nil,
        logger: Logger? = nil,
        configure: (inout ReferenceServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (TestServer) async throws -> T
    ) async throws -> T {
        let directory = directory ?? TemporaryDirectory.make()
        var configuration = Self.configuration(directory: directory)
        configure(&configuration)
        let logger = logger ?? Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let apiKey = try await ReferenceServer.createAPIKey(name: "tests", configuration: configuration, logger: logger)
        // With an RS256 public key the server cannot sign: such tests sign their own tokens.
        let issuer = configuration.jwtPublicKeyPEM == nil ? try await TokenIssuer(configuration: configuration) : nil
        let adminToken = try await issuer?.issue(subject: "admin", role: .admin) ?? ""
        let operatorToken = try await issuer?.issue(subject: "operator", role: .operator) ?? ""
        let server = ReferenceServer(configuration: configuration, publisher: publisher, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let port = try await withTimeout(.seconds(30)) { try await server.listeningPort() }
                let result = try await body(
                    TestServer(port: port, configuration: configuration, apiKey: apiKey, adminToken: adminToken, operatorToken: operatorToken)
                )
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

enum TemporaryDirectory {
    static func make() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-server-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    var description: String { "The operation did not finish in time." }
}

/// Runs `body`, failing with ``TimeoutError`` when it takes longer than `limit`.
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
