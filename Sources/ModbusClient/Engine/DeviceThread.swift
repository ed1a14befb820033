import Foundation
import Logging

/// Starts the dedicated thread that owns one device's libmodbus context.
///
/// Blocking libmodbus calls run only here, never on the Swift cooperative pool or an
/// event loop. Only Sendable values (configuration, logger, queue) cross into the thread;
/// the engine and its C context are created, used and freed on it.
enum DeviceThread {
    static func start(queue: JobQueue, configuration: ModbusClientConfiguration, logger: Logger) {
        let thread = Thread {
            let engine = ConnectionEngine(configuration: configuration, logger: logger)
            while true {
                switch queue.next() {
                case .request(let request, let reply):
                    reply.resume(returning: engine.execute(request))
                case .shutdown(let done):
                    engine.close()
                    done?.resume()
                    return
                }
            }
        }
        thread.name = "modbus \(configuration.endpoint)"
        thread.start()
    }
}
