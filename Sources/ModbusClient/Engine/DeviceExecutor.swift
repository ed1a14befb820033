import Logging
import Metrics
import _MTCSupport

/// The dedicated thread that owns one device's libmodbus context, and a `TaskExecutor`
/// over that thread.
///
/// Blocking libmodbus calls run only here, never on the Swift cooperative pool or an event
/// loop. Requests from other threads arrive as jobs on the ``DedicatedThread`` and resume
/// their callers when done; tasks that prefer this executor run *on* the thread between
/// requests, so their requests call the engine directly with no hand-off at all.
///
/// `@unchecked Sendable`: the mutable state (`engine`) is created, used and freed on the
/// device thread only — by the thread's loop and by ``execute(ifOnDeviceThread:)``, which
/// checks the current thread before touching it, and jobs run one at a time there.
final class DeviceExecutor: TaskExecutor, @unchecked Sendable {
    /// Resumed exactly once, by the device thread or by ``submit(_:)``'s caller when the
    /// thread refuses the job; an unsafe continuation saves the per-request allocation of a
    /// checked one on the hot path.
    typealias Reply = UnsafeContinuation<Result<ModbusResponse, ModbusError>, Never>

    enum Job: Sendable {
        case request(ModbusRequest, Reply)
        /// A partial task that prefers the device thread as its executor.
        case task(UnownedJob)
        /// Close the connection and end the thread; resumes its continuation when done.
        case shutdown(UnsafeContinuation<Void, Never>?)
    }

    private let thread = DedicatedThread<Job>()
    private let configuration: ModbusClientConfiguration
    private var engine: ConnectionEngine?

    private init(configuration: ModbusClientConfiguration) {
        self.configuration = configuration
    }

    /// Creates the executor and starts its thread.
    static func start(
        configuration: ModbusClientConfiguration, logger: Logger, metricsFactory: any MetricsFactory
    ) -> DeviceExecutor {
        let executor = DeviceExecutor(configuration: configuration)
        // The thread keeps the executor alive until its shutdown job, which the owning
        // client sends from `close()` or its deinit.
        executor.thread.start(name: "modbus \(configuration.endpoint)") { [executor] in
            let engine = ConnectionEngine(configuration: configuration, logger: logger, metricsFactory: metricsFactory)
            executor.engine = engine
            executor.serve(engine)
        }
        return executor
    }

    private func serve(_ engine: ConnectionEngine) {
        while let job = thread.next() {
            switch job {
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
        if !thread.submit(.task(job)) {
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
        thread.isCurrentThread
    }

    /// Queues `request` for the device thread and waits for its result.
    func submit(_ request: ModbusRequest) async -> Result<ModbusResponse, ModbusError> {
        await withUnsafeContinuation { (reply: Reply) in
            if !thread.submit(.request(request, reply)) {
                reply.resume(returning: .failure(ModbusError(
                    kind: .clientClosed,
                    message: "\(request.functionName) on \(configuration.endpoint): the client was closed; create a new ModbusTCPClient"
                )))
            }
        }
    }

    /// Finishes the jobs already queued, closes the connection and ends the thread.
    func shutdown() async {
        await withUnsafeContinuation { (done: UnsafeContinuation<Void, Never>) in
            if !thread.submitLast(.shutdown(done)) {
                done.resume()
            }
        }
    }

    /// Ends the thread without waiting (for the owner's deinit).
    func shutdownInBackground() {
        _ = thread.submitLast(.shutdown(nil))
    }
}
