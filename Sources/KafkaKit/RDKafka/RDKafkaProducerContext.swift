internal import CRdKafka
import Logging
import Synchronization

/// The producer thread's private state: the `rd_kafka_t` and the messages awaiting delivery
/// reports. Created, used and destroyed on that one thread; librdkafka reaches it from its
/// callbacks only inside `rd_kafka_poll`/`rd_kafka_flush` on the same thread.
final class RDKafkaProducerContext {
    typealias Results = [Result<KafkaDeliveryReport, KafkaError>]

    /// Collects the reports of one `send` call.
    final class Batch {
        var results: [Result<KafkaDeliveryReport, KafkaError>?]
        var remaining: Int
        let continuation: CheckedContinuation<Results, Never>

        init(count: Int, continuation: CheckedContinuation<Results, Never>) {
            results = Array(repeating: nil, count: count)
            remaining = count
            self.continuation = continuation
        }

        func settle(_ index: Int, _ result: Result<KafkaDeliveryReport, KafkaError>) {
            guard results[index] == nil else { return }
            results[index] = result
            remaining -= 1
            if remaining == 0 {
                continuation.resume(returning: results.map { $0! })
            }
        }
    }

    var handle: OpaquePointer?
    var isTerminated = false
    let logger: Logger
    let fatalError: FatalErrorBox
    private var nextMessageID: UInt = 1
    private var awaiting: [UInt: (batch: Batch, index: Int)] = [:]

    init(logger: Logger, fatalError: FatalErrorBox) {
        self.logger = logger
        self.fatalError = fatalError
    }

    var outstanding: Int { awaiting.count }

    func produce(_ messages: [KafkaOutgoingMessage], continuation: CheckedContinuation<Results, Never>) {
        let batch = Batch(count: messages.count, continuation: continuation)
        guard !messages.isEmpty else {
            continuation.resume(returning: [])
            return
        }
        guard let handle else {
            for index in messages.indices {
                batch.settle(index, .failure(RDKafkaHandle.error(RD_KAFKA_RESP_ERR__DESTROY, detail: "the producer is shut down")))
            }
            return
        }
        for (index, message) in messages.enumerated() {
            let id = nextMessageID
            nextMessageID += 1
            awaiting[id] = (batch, index)
            var result = produceOne(handle, message, id: id)
            var waited = 0
            // A full local queue drains as deliveries complete; serve them and try again.
            while result == RD_KAFKA_RESP_ERR__QUEUE_FULL && waited < 3000 {
                rd_kafka_poll(handle, 10)
                waited += 10
                result = produceOne(handle, message, id: id)
            }
            if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                awaiting[id] = nil
                batch.settle(index, .failure(RDKafkaHandle.error(result, detail: "produce was refused")))
            }
        }
    }

    private func produceOne(_ handle: OpaquePointer, _ message: KafkaOutgoingMessage, id: UInt) -> rd_kafka_resp_err_t {
        let opaque = UnsafeMutableRawPointer(bitPattern: id)
        return message.key.withUnsafeBytes { key in
            message.value.withUnsafeBytes { value in
                if let contentType = message.contentType {
                    return contentType.withCString { header in
                        mtc_kafka_produce(handle, message.topic, key.baseAddress, key.count, value.baseAddress, value.count,
                                          "content-type", header, -1, opaque)
                    }
                }
                return mtc_kafka_produce(handle, message.topic, key.baseAddress, key.count, value.baseAddress, value.count,
                                         nil, nil, 0, opaque)
            }
        }
    }

    /// Called from the delivery-report callback.
    func delivered(id: UInt, error: rd_kafka_resp_err_t, partition: Int32, offset: Int64) {
        guard let (batch, index) = awaiting.removeValue(forKey: id) else { return }
        if error == RD_KAFKA_RESP_ERR_NO_ERROR {
            batch.settle(index, .success(KafkaDeliveryReport(partition: partition, offset: offset)))
        } else {
            let fatal = fatalError.value.withLock { $0 }
            batch.settle(index, .failure(fatal ?? RDKafkaHandle.error(error, fatal: error == RD_KAFKA_RESP_ERR__FATAL)))
        }
    }

    /// Called from the error callback.
    func clientError(_ error: rd_kafka_resp_err_t, reason: String) {
        if error == RD_KAFKA_RESP_ERR__FATAL, let handle {
            var buffer = [CChar](repeating: 0, count: 512)
            let original = rd_kafka_fatal_error(handle, &buffer, buffer.count)
            let fatal = RDKafkaHandle.error(original, fatal: true, detail: RDKafkaHandle.string(buffer))
            fatalError.value.withLock { $0 = fatal }
            logger.error("Kafka producer hit a fatal error and must be recreated", metadata: ["error": "\(fatal)"])
        } else {
            logger.warning("Kafka client error", metadata: ["error": "\(RDKafkaHandle.error(error, detail: reason))"])
        }
    }

    func raiseFatalErrorForTesting() {
        guard let handle else { return }
        _ = rd_kafka_test_fatal_error(handle, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "raised by a test")
    }

    /// Fails every message still awaiting a report (the handle is gone).
    func failOutstanding(_ error: KafkaError) {
        let pending = awaiting
        awaiting = [:]
        for (_, entry) in pending { entry.batch.settle(entry.index, .failure(error)) }
    }
}

/// The fatal error a producer hit, shared between its thread and its facade.
final class FatalErrorBox: Sendable {
    let value = Mutex<KafkaError?>(nil)
}
