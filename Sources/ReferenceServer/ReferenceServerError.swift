/// A failure of the server itself (configuration, storage, startup), as opposed to a bad request.
public struct ReferenceServerError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case configuration
        case storage
        case startup
    }

    private let code: Code
    /// What went wrong and what to do about it.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The configuration is invalid; the message names the flag or variable.
    public static func configuration(_ message: String) -> ReferenceServerError { ReferenceServerError(.configuration, message) }
    /// The database could not be opened, migrated or written.
    public static func storage(_ message: String) -> ReferenceServerError { ReferenceServerError(.storage, message) }
    /// The server could not start (for example the port is taken).
    public static func startup(_ message: String) -> ReferenceServerError { ReferenceServerError(.startup, message) }

    /// Whether this is a configuration error.
    public var isConfiguration: Bool { code == .configuration }
    /// Whether this is a storage error.
    public var isStorage: Bool { code == .storage }

    public var description: String { message }
}
