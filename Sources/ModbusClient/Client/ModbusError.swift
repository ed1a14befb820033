/// Why a Modbus request failed.
///
/// ``kind`` separates a device that answered with a Modbus exception (``Kind/exception``,
/// with ``exceptionCode``) from transport failures (``isTransportError``) and from requests
/// the client refused to send (``Kind/invalidRequest``).
public struct ModbusError: Error, Sendable, CustomStringConvertible {
    /// The class of failure. Extensible: new kinds may be added without breaking callers.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Code: Hashable, Sendable {
            case exception, timeout, connectionFailed, connectionLost, invalidResponse
            case invalidRequest, clientClosed
        }

        private let code: Code

        /// The device answered with a Modbus exception; see ``ModbusError/exceptionCode``.
        public static let exception = Kind(code: .exception)
        /// No (complete) reply arrived within the response or byte timeout.
        public static let timeout = Kind(code: .timeout)
        /// The TCP connection could not be opened (refused, unreachable, connect timeout),
        /// or the client is waiting out its reconnect backoff.
        public static let connectionFailed = Kind(code: .connectionFailed)
        /// The connection broke during the request (reset, broken pipe, closed by the device).
        public static let connectionLost = Kind(code: .connectionLost)
        /// The reply did not match the request (wrong transaction, unit, length or function).
        public static let invalidResponse = Kind(code: .invalidResponse)
        /// The request breaks the Modbus limits and was not sent.
        public static let invalidRequest = Kind(code: .invalidRequest)
        /// The client was closed before the request could run.
        public static let clientClosed = Kind(code: .clientClosed)

        public var description: String {
            switch code {
            case .exception: "exception"
            case .timeout: "timeout"
            case .connectionFailed: "connection failed"
            case .connectionLost: "connection lost"
            case .invalidResponse: "invalid response"
            case .invalidRequest: "invalid request"
            case .clientClosed: "client closed"
            }
        }
    }

    /// The class of failure.
    public let kind: Kind
    /// The exception code the device answered with, when ``kind`` is ``Kind/exception``.
    public let exceptionCode: ModbusExceptionCode?
    /// What happened and, where possible, what to do about it.
    public let message: String

    /// `true` when the request failed on the way to or from the device rather than being
    /// refused by it; the client has dropped the connection and reconnects on the next request.
    public var isTransportError: Bool {
        [.timeout, .connectionFailed, .connectionLost, .invalidResponse].contains(kind)
    }

    public var description: String {
        message
    }

    init(kind: Kind, message: String) {
        self.kind = kind
        self.exceptionCode = nil
        self.message = message
    }

    init(exception code: ModbusExceptionCode, message: String) {
        self.kind = .exception
        self.exceptionCode = code
        self.message = message
    }

    static func invalidRequest(_ message: String) -> ModbusError {
        ModbusError(kind: .invalidRequest, message: message)
    }
}
