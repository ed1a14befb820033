import Foundation

/// Where the server is, which credentials to send and how to retry.
public struct CoreClientConfiguration: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:8080`.
    public var serverURL: URL
    /// The API key for `/api/ext` (`X-API-Key`).
    public var apiKey: String?
    /// A JWT for `/api/v1` (`Authorization: Bearer`).
    public var accessToken: String?
    /// The internal token for `/internal` (`Authorization: Bearer`).
    public var internalToken: String?
    /// How long one attempt may take.
    public var timeout: Duration
    /// Retries on network errors, 5xx, 429 and in-flight conflicts.
    public var retryPolicy: RetryPolicy

    /// Creates a configuration; supply the credentials of the routes you call.
    public init(
        serverURL: URL,
        apiKey: String? = nil,
        accessToken: String? = nil,
        internalToken: String? = nil,
        timeout: Duration = .seconds(3),
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.serverURL = serverURL
        self.apiKey = apiKey
        self.accessToken = accessToken
        self.internalToken = internalToken
        self.timeout = timeout
        self.retryPolicy = retryPolicy
    }
}
