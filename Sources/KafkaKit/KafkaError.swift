/// A librdkafka error.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A librdkafka error code, `rd_kafka_resp_err_t`: negative for errors raised by the client
    /// itself (names starting with `_`), positive for the Kafka protocol's error codes.
    ///
    /// A struct over the raw value with named constants rather than an enum, so codes a newer
    /// librdkafka adds can be represented and compared without breaking callers.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// librdkafka's `rd_kafka_resp_err_t` value.
        public let rawValue: Int32

        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// `_DESTROY`: the client was shut down before the operation finished.
        public static let destroy = Code(rawValue: -197)
        /// `_TRANSPORT`: the broker dropped the connection.
        public static let transport = Code(rawValue: -195)
        /// `_MSG_TIMED_OUT`: the message was not delivered within `message.timeout.ms`.
        public static let messageTimedOut = Code(rawValue: -192)
        /// `_INVALID_ARG`: a configuration value or argument was refused.
        public static let invalidArgument = Code(rawValue: -186)
        /// `_QUEUE_FULL`: the producer's local queue is full.
        public static let queueFull = Code(rawValue: -184)
        /// `_FATAL`: the producer can no longer be used (see ``KafkaError/isFatal``).
        public static let fatal = Code(rawValue: -150)
        /// `UNKNOWN_TOPIC_OR_PART`: the topic or partition does not exist.
        public static let unknownTopicOrPartition = Code(rawValue: 3)
        /// `NOT_LEADER_FOR_PARTITION`: retried by the producer itself.
        public static let notLeaderForPartition = Code(rawValue: 6)
        /// `REQUEST_TIMED_OUT`: retried by the producer itself.
        public static let requestTimedOut = Code(rawValue: 7)
        /// `MSG_SIZE_TOO_LARGE`: the message is larger than the broker accepts; permanent.
        public static let messageSizeTooLarge = Code(rawValue: 10)
        /// `NOT_ENOUGH_REPLICAS`: retried by the producer itself.
        public static let notEnoughReplicas = Code(rawValue: 19)
        /// `INVALID_RECORD`: the broker refused the record as malformed; permanent.
        public static let invalidRecord = Code(rawValue: 87)

        public var description: String { String(rawValue) }
    }

    /// What kind of error this is.
    public let code: Code
    /// librdkafka's name for the code, for example `_MSG_TIMED_OUT`.
    public let name: String
    /// What happened, with librdkafka's own explanation.
    public let message: String
    /// The producer can no longer be used and must be recreated (idempotence guarantees broke).
    public let isFatal: Bool

    package init(code: Code, name: String, message: String, isFatal: Bool = false) {
        self.code = code
        self.name = name
        self.message = message
        self.isFatal = isFatal
    }

    /// Retrying the same message cannot succeed (it is larger than the broker accepts, or the
    /// broker refuses it as malformed).
    public var isPermanent: Bool {
        code == .messageSizeTooLarge || code == .invalidRecord
    }

    public var description: String { "KafkaError \(name) (\(code)): \(message)" }

    package static func configuration(_ message: String) -> KafkaError {
        KafkaError(code: .invalidArgument, name: "_INVALID_ARG", message: message)
    }
}
