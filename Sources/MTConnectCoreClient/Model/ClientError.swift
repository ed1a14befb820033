import Foundation

/// A failed call: the server's problem document when it sent one, else what failed locally.
public struct CoreClientError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable {
        case server
        case transport
        case unexpectedResponse
        case invalidArgument
    }

    private let code: Code
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The server's problem document, when it sent one.
    public let problem: Problem?
    /// What went wrong.
    public let message: String

    private init(_ code: Code, status: Int?, problem: Problem?, message: String) {
        self.code = code
        self.status = status
        self.problem = problem
        self.message = message
    }

    static func server(status: Int, problem: Problem?) -> CoreClientError {
        let summary = problem.map { "\($0.title): \($0.detail ?? "")" } ?? "no problem document"
        return CoreClientError(.server, status: status, problem: problem, message: "The server answered \(status) (\(summary)).")
    }

    static func transport(_ error: any Error) -> CoreClientError {
        CoreClientError(.transport, status: nil, problem: nil, message: "The server could not be reached: \(error)")
    }

    static func unexpected(status: Int) -> CoreClientError {
        CoreClientError(.unexpectedResponse, status: status, problem: nil, message: "The server answered \(status), which the API does not document.")
    }

    static func invalidArgument(_ message: String) -> CoreClientError {
        CoreClientError(.invalidArgument, status: nil, problem: nil, message: message)
    }

    /// The server refused the request (any 4xx or 5xx with or without a problem document).
    public var isServerError: Bool { code == .server || code == .unexpectedResponse }
    /// The server could not be reached after every attempt.
    public var isTransportError: Bool { code == .transport }
    /// An argument was invalid before anything was sent.
    public var isInvalidArgument: Bool { code == .invalidArgument }

    public var description: String { message }
}

/// An RFC 9457 problem document from the server.
public struct Problem: Sendable, Hashable {
    /// One invalid field.
    public struct FieldError: Sendable, Hashable {
        /// A JSON pointer to the field.
        public var field: String
        /// What is wrong with it.
        public var message: String
    }

    /// A URI naming the problem, e.g. `https://mtconnect-core.dev/problems/idempotency-key-reused`.
    public var type: String
    /// A short summary.
    public var title: String
    /// The HTTP status.
    public var status: Int
    /// What happened in this case.
    public var detail: String?
    /// The request id in the server's log.
    public var requestId: String?
    /// The invalid fields.
    public var errors: [FieldError]

    /// The last path segment of ``type``, e.g. `idempotency-key-reused`.
    public var kind: String { type.split(separator: "/").last.map(String.init) ?? type }
}
