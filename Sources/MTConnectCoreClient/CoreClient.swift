import AsyncHTTPClient
import Foundation
import Logging
import MTConnectCoreAPI
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import _MTCSupport

/// A typed client for the MTConnect Core server.
///
/// Calls retry on network errors, 5xx, 429 and in-flight idempotency conflicts under the
/// configured ``RetryPolicy``; ext `POST`s carry an idempotency key that stays the same on every
/// retry of one call. Failures throw ``CoreClientError`` with the server's problem document.
///
/// ```swift
/// let client = CoreClient(configuration: .init(serverURL: url, apiKey: key))
/// let receipt = try await client.postSetup(SetupEvent(machineId: "17", phase: .started, occurredAt: .now))
/// let cycle = try await client.cycleTime(machine: "17")
/// ```
public struct CoreClient: Sendable {
    let client: Client

    /// Creates a client over `httpClient` (the shared one unless given).
    public init(configuration: CoreClientConfiguration, httpClient: HTTPClient = .shared) {
        client = Client(
            serverURL: configuration.serverURL,
            configuration: Configuration(dateTranscoder: FlexibleDateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]),
            transport: AsyncHTTPClientTransport(
                configuration: .init(
                    client: httpClient,
                    timeout: .nanoseconds(configuration.timeout.wholeNanoseconds)
                )
            ),
            middlewares: [
                ProblemMiddleware(),
                RetryMiddleware(policy: configuration.retryPolicy),
                CredentialsMiddleware(
                    apiKey: configuration.apiKey, accessToken: configuration.accessToken,
                    internalToken: configuration.internalToken
                ),
            ]
        )
    }

    /// Runs one generated call, unwrapping the runtime's error wrapper into ``CoreClientError``.
    func call<T>(_ body: () async throws -> T) async throws(CoreClientError) -> T {
        do {
            return try await body()
        } catch let error as CoreClientError {
            throw error
        } catch let error as ClientError {
            if let inner = error.underlyingError as? CoreClientError { throw inner }
            if let status = error.response?.status.code { throw CoreClientError.unexpected(status: status) }
            throw CoreClientError.transport(error.underlyingError)
        } catch {
            throw CoreClientError.transport(error)
        }
    }

    static func uuid(_ text: String) throws(CoreClientError) -> UUID {
        guard let id = UUID(uuidString: text) else {
            throw CoreClientError.invalidArgument("The server sent \"\(text)\" where a UUID belongs.")
        }
        return id
    }
}
