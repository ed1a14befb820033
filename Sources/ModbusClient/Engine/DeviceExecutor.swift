import Foundation
import Logging
import Metrics

/// The dedicated thread that owns one device's libmodbus context, and a `TaskExecutor`
/// over that thread.
///
/// Blocking libmodbus calls run only here, never on the Swift cooperative pool or an event
/// loop. Requests from other threads arrive through the ``JobQueue`` and resume their
/// callers when done; tasks that prefer this executor run *on* the thread between
/// requests, so their requests call the engine directly with no hand-off at all.
///
/// `@unchecked Sendable`: the mutable state (`engine`) is created, used and freed on the
/// device thread only — by the thread's loop and by ``execute(ifOnDeviceThread:)``, which
/// checks the current thread before touching it, and jobs run one at a time there. `thread`
/// is written once in ``start(logger:metricsFactory:)``, before the executor is shared.
final class DeviceExecutor: TaskExecutor, @unchecked Sendable {
    private let queue = JobQueue()
    private let configuration: ModbusClientConfiguration
    private var thread: Thread?
    private var engine: ConnectionEngine?

    private init(configuration: ModbusClientConfiguration) {
        self.configuration = configuration
    }

    /// Creates the executor and starts its thread.
    static func start(
        configuration: ModbusClientConfiguration, logger: Logger, metricsFactory: any MetricsFactory
    ) -> DeviceExecutor {
        let executor = DeviceExecutor(configuration: configuration)
        executor.start(logger: logger, metricsFactory: metricsFactory)
        return executor
    }

    private func start(logger: Logger, metricsFactory: any MetricsFactory) {
        let configuration = configuration
        // The thread keeps the executor alive until its shutdown job, which the owning
        // client sends from `close()` or its deinit.
        let thread = Thread { [self] in
            let engine = ConnectionEngine(configuration: configuration, logger: logger, metricsFactory: metricsFactory)
            self.engine = engine
            serve(engine)
        }
        thread.name = "modbus \(configuration.endpoint)"
        self.thread = thread
        thread.start()
    }

    private func serve(_ engine: ConnectionEngine) {
        while true {
            switch queue.next() {
            case .request(let request, let reply):
                reply.resume(returning: engine.execute(request))
            case .task(let job):
                job.runSynchronously(on: asUnownedTaskExecutor())
            case .shutdown(let done):
                engine.close()
                self.engine = nil
                done?.resume()
                return
            }
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if !queue.submit(.task(job)) {
            // The client was closed while a task still prefers this executor: run it on
            // the global pool (its requests now fail with `clientClosed`, without blocking).
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
        }
    }

    /// Runs `request` at once when called on the device thread (a task preferring this
    /// executor); `nil` elsewhere, where the request must go through ``submit(_:)``.
    func execute(ifOnDeviceThread request: ModbusRequest) -> Result<ModbusResponse, ModbusError>? {
        guard isCurrentThread, let engine else { return nil }
        return engine.execute(request)
    }

    /// Whether the caller runs on the device thread.
    var isCurrentThread: Bool {
        Thread.current === thread
    }

    /// Queues `request` for the device thread and waits for its result.
    func submit(_ request: ModbusRequest) async -> Result<ModbusResponse, ModbusError> {
        await withUnsafeContinuation { (reply: JobQueue.Reply) in
            if !queue.submit(.request(request, reply)) {
                reply.resume(returning: .failure(ModbusError(
                    kind: .clientClosed,
                    message: "\(request.functionName) on \(configuration.endpoint): the client was closed; create a new ModbusClient"
                )))
            }
        }
    }

    /// Finishes the jobs already queued, closes the connection and ends the thread.
    func shutdown() async {
        await withUnsafeContinuation { (done: UnsafeContinuation<Void, Never>) in
            if !queue.submit(.shutdown(done)) {
                done.resume()
            }
        }
    }

    /// Ends the thread without waiting (for the owner's deinit).
    func shutdownInBackground() {
        _ = queue.submit(.shutdown(nil))
    }
}
