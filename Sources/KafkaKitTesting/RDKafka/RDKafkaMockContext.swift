internal import CRdKafka
import KafkaKit

/// The mock cluster's private state, confined to its thread.
final class RDKafkaMockContext {
    var handle: OpaquePointer?
    var cluster: OpaquePointer?
    var isTerminated = false

    /// Starts the cluster and returns its bootstrap servers.
    func start(brokers: Int) throws(KafkaError) -> String {
        // The cluster needs an rd_kafka_t of its own; log_level 4 hides its bootstrap warning.
        let handle = try RDKafkaHandle.make(type: RD_KAFKA_PRODUCER, properties: [("log_level", "4")])
        self.handle = handle
        guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(brokers)) else {
            destroy()
            throw KafkaError.configuration("librdkafka could not start a mock cluster")
        }
        self.cluster = cluster
        return String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    func destroy() {
        if let cluster { rd_kafka_mock_cluster_destroy(cluster) }
        if let handle { rd_kafka_destroy(handle) }
        cluster = nil
        handle = nil
    }

    func check(_ code: rd_kafka_resp_err_t, _ operation: String) throws(KafkaError) {
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else { throw RDKafkaHandle.error(code, detail: operation) }
    }

    func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        guard let cluster else { throw RDKafkaHandle.error(RD_KAFKA_RESP_ERR__DESTROY, detail: "the mock cluster is shut down") }
        try check(rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor)), "create topic \(name)")
    }

    func pushProduceErrors(_ codes: [KafkaError.Code]) {
        guard let cluster else { return }
        let errors = codes.map { rd_kafka_resp_err_t($0.rawValue) }
        errors.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, mtc_kafka_api_produce(), buffer.count, buffer.baseAddress)
        }
    }

    func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        guard let cluster else { return }
        let code = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        try check(code, up ? "start broker \(id)" : "stop broker \(id)")
    }
}
