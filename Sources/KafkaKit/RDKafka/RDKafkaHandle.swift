package import CRdKafka

/// Creates `rd_kafka_t` handles from property lists. Used only on the thread that will own the handle.
package enum RDKafkaHandle {
    /// Builds a configuration, lets `customize` install callbacks, and creates the handle.
    package static func make(
        type: rd_kafka_type_t,
        properties: [(String, String)],
        customize: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else { throw KafkaError.configuration("librdkafka could not allocate a configuration") }
        var errorBuffer = [CChar](repeating: 0, count: 512)
        for (name, value) in properties {
            let result = rd_kafka_conf_set(conf, name, value, &errorBuffer, errorBuffer.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaError.configuration("Kafka option \(name)=\(value) was rejected: \(string(errorBuffer))")
            }
        }
        customize(conf)
        // rd_kafka_new takes ownership of conf on success only.
        guard let handle = rd_kafka_new(type, conf, &errorBuffer, errorBuffer.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.configuration("librdkafka could not create a client: \(string(errorBuffer))")
        }
        return handle
    }

    package static func error(_ code: rd_kafka_resp_err_t, fatal: Bool = false, detail: String? = nil) -> KafkaError {
        let name = rd_kafka_err2name(code).map { String(cString: $0) } ?? "\(code.rawValue)"
        let text = rd_kafka_err2str(code).map { String(cString: $0) } ?? "unknown error"
        return KafkaError(code: KafkaError.Code(rawValue: code.rawValue), name: name, message: detail.map { "\(text): \($0)" } ?? text, isFatal: fatal)
    }

    package static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
