/// A librdkafka error.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value (negative for client-side errors).
    public let code: Int32
    /// librdkafka's name for the code, for example `_MSG_TIMED_OUT`.
    public let name: String
    /// What happened, with librdkafka's own explanation.
    public let message: String
    /// The producer can no longer be used and must be recreated (idempotence guarantees broke).
    public let isFatal: Bool

    package init(code: Int32, name: String, message: String, isFatal: Bool = false) {
        self.code = code
        self.name = name
        self.message = message
        self.isFatal = isFatal
    }

    /// Retrying the same message cannot succeed (it is larger than the broker accepts, or the
    /// topic does not exist and cannot be created).
    public var isPermanent: Bool {
        code == 10 /* MSG_SIZE_TOO_LARGE */ || code == 87 /* INVALID_RECORD */
    }

    public var description: String { "KafkaError \(name) (\(code)): \(message)" }

    static func configuration(_ message: String) -> KafkaError {
        KafkaError(code: -186, name: "_INVALID_ARG", message: message)
    }
}
