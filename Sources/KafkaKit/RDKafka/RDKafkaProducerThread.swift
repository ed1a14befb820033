internal import CRdKafka
import Foundation
import Logging
import _MTCSupport

/// The thread that owns a producer's `rd_kafka_t`: runs queued jobs and polls for delivery
/// reports, errors and log lines, so librdkafka's callbacks run here and nowhere else.
enum RDKafkaProducerThread {
    typealias Jobs = DedicatedThread<RDKafkaJob<RDKafkaProducerContext>>

    static func start(
        configuration: KafkaProducerConfiguration,
        logger: Logger,
        fatalError: FatalErrorBox,
        jobs: Jobs,
        started: CheckedContinuation<Void, any Error>
    ) {
        jobs.start(name: "kafka-producer") {
            let context = RDKafkaProducerContext(logger: logger, fatalError: fatalError)
            let opaque = Unmanaged.passUnretained(context).toOpaque()
            do {
                context.handle = try RDKafkaHandle.make(type: RD_KAFKA_PRODUCER, properties: configuration.properties) { conf in
                    rd_kafka_conf_set_opaque(conf, opaque)
                    rd_kafka_conf_set_dr_msg_cb(conf, deliveryReport)
                    rd_kafka_conf_set_error_cb(conf, clientError)
                    rd_kafka_conf_set_log_cb(conf, logLine)
                }
            } catch {
                started.resume(throwing: error)
                return
            }
            // Route log lines to the main queue that rd_kafka_poll serves on this thread.
            rd_kafka_set_log_queue(context.handle, nil)
            started.resume()
            run(context, jobs: jobs)
        }
    }

    private static func run(_ context: RDKafkaProducerContext, jobs: Jobs) {
        // After shutdown the thread keeps answering jobs (with errors) until the facade is gone.
        while !context.isTerminated {
            if let handle = context.handle {
                rd_kafka_poll(handle, context.outstanding > 0 ? 1 : 0)
            }
            for job in jobs.takeAll(waitingUpTo: context.outstanding > 0 ? .zero : .milliseconds(20)) {
                job(context)
            }
        }
    }

    static func stop(_ context: RDKafkaProducerContext, flushTimeout: Duration) -> Int {
        guard let handle = context.handle else { return 0 }
        _ = rd_kafka_flush(handle, Int32(clamping: flushTimeout.wholeMilliseconds))
        let remaining = Int(rd_kafka_outq_len(handle))
        context.failOutstanding(RDKafkaHandle.error(RD_KAFKA_RESP_ERR__DESTROY, detail: "the producer shut down before delivery"))
        rd_kafka_destroy(handle)
        context.handle = nil
        return remaining
    }

    private static func context(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaProducerContext? {
        opaque.map { Unmanaged<RDKafkaProducerContext>.fromOpaque($0).takeUnretainedValue() }
    }

    private static let deliveryReport: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let context = context(opaque) else { return }
        let id = UInt(bitPattern: message.pointee._private)
        context.delivered(id: id, error: message.pointee.err, partition: message.pointee.partition, offset: message.pointee.offset)
    }

    private static let clientError: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        _, code, reason, opaque in
        context(opaque)?.clientError(rd_kafka_resp_err_t(code), reason: reason.map { String(cString: $0) } ?? "")
    }

    private static let logLine: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, line in
        guard let handle, let context = context(rd_kafka_opaque(handle)) else { return }
        let text = "\(facility.map { String(cString: $0) } ?? ""): \(line.map { String(cString: $0) } ?? "")"
        switch level {
        case ...3: context.logger.error("librdkafka \(text)")
        case 4: context.logger.warning("librdkafka \(text)")
        case 5...6: context.logger.info("librdkafka \(text)")
        default: context.logger.debug("librdkafka \(text)")
        }
    }
}
