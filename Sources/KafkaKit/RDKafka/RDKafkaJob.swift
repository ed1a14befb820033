import _MTCSupport

/// Work handed to a thread that owns librdkafka objects. A job receives the thread's context,
/// which never leaves that thread; only Sendable values cross in and out.
package typealias RDKafkaJob<Context> = @Sendable (Context) -> Void

extension DedicatedThread {
    /// Queues a job from a method of the facade that owns the thread. Only the facade's
    /// deinit closes the queue (with ``DedicatedThread/submitLast(_:)``), so while one of its
    /// methods runs the job is always accepted.
    package func run(_ job: Job) {
        let accepted = submit(job)
        assert(accepted, "a job for a librdkafka thread was submitted after its owner's deinit")
    }
}
