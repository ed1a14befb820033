internal import CRdKafka
import KafkaKit
import Foundation

/// A test consumer's private state, confined to its thread.
final class RDKafkaConsumerContext {
    var handle: OpaquePointer?
    var isTerminated = false

    /// Creates the consumer and assigns every partition of `topic` from the beginning.
    func start(bootstrapServers: String, topic: String, partitions: Int) throws(KafkaError) {
        handle = try RDKafkaHandle.make(type: RD_KAFKA_CONSUMER, properties: [
            ("bootstrap.servers", bootstrapServers),
            ("group.id", "test-\(UUID().uuidString)"),
            ("enable.auto.commit", "false"),
            ("enable.partition.eof", "false"),
            ("log_level", "3"),
        ])
        try assign(topic: topic, partitions: partitions)
    }

    private func assign(topic: String, partitions: Int) throws(KafkaError) {
        guard let handle else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(partitions))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for partition in 0..<partitions {
            rd_kafka_topic_partition_list_add(list, topic, Int32(partition)).pointee.offset = mtc_kafka_offset_beginning()
        }
        let code = rd_kafka_assign(handle, list)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw RDKafkaHandle.error(code, detail: "assign \(topic)") }
    }

    /// Reads what is available within `timeout` milliseconds.
    func poll(timeoutMilliseconds: Int32) -> [KafkaConsumedMessage] {
        guard let handle else { return [] }
        var messages: [KafkaConsumedMessage] = []
        var wait = timeoutMilliseconds
        while let message = rd_kafka_consumer_poll(handle, wait) {
            defer { rd_kafka_message_destroy(message) }
            wait = 0
            guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
            messages.append(consumed(message))
            if messages.count >= 1000 { break }
        }
        return messages
    }

    private func consumed(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaConsumedMessage {
        let pointee = message.pointee
        let key = pointee.key.map { Array(UnsafeRawBufferPointer(start: $0, count: pointee.key_len)) } ?? []
        let value = pointee.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: pointee.len)) } ?? []
        var contentType: String?
        var headers: OpaquePointer?
        if rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            var pointer: UnsafeRawPointer?
            var size = 0
            if rd_kafka_header_get_last(headers, "content-type", &pointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer {
                contentType = String(decoding: UnsafeRawBufferPointer(start: pointer, count: size), as: UTF8.self)
            }
        }
        let topic = pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? ""
        return KafkaConsumedMessage(
            topic: topic, partition: pointee.partition, offset: pointee.offset, key: key, value: value, contentType: contentType
        )
    }

    func destroy() {
        guard let handle else { return }
        _ = rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
        self.handle = nil
    }
}
