import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Runs one reader per machine that has a source (MTConnect agent or Modbus module), feeding
/// the ingest pipeline, and restarts or stops readers as machines are changed or deleted.
final class MachineSourceSupervisor: Service, Sendable {
    private enum Command: Sendable {
        case upsert(MachineRecord)
        case remove(String)
    }

    private let machines: any MachineStore
    private let ingest: IngestPipeline
    private let logger: Logger
    private let commands: AsyncStream<Command>
    private let continuation: AsyncStream<Command>.Continuation

    private let hosts: SourceHostPolicy

    init(machines: any MachineStore, ingest: IngestPipeline, hosts: SourceHostPolicy, logger: Logger) {
        self.machines = machines
        self.hosts = hosts
        self.ingest = ingest
        self.logger = logger
        (commands, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    func machineChanged(_ record: MachineRecord) { continuation.yield(.upsert(record)) }

    func machineRemoved(id: String) { continuation.yield(.remove(id)) }

    func run() async throws {
        for record in try await machines.all() { continuation.yield(.upsert(record)) }
        await withDiscardingTaskGroup { group in
            var running: [String: (source: String, stop: @Sendable () -> Void)] = [:]
            let stream = commands
            await withGracefulShutdownHandler {
                for await command in stream {
                    switch command {
                    case .upsert(let record):
                        if running[record.id]?.source == record.sourceJSON { continue }
                        running.removeValue(forKey: record.id)?.stop()
                        guard let reader = makeReader(for: record) else { continue }
                        let task = Mutex<Task<Void, Never>?>(nil)
                        group.addTask {
                            let child = Task { await reader.run() }
                            task.withLock { $0 = child }
                            await child.value
                        }
                        running[record.id] = (record.sourceJSON, { task.withLock { $0?.cancel() } })
                    case .remove(let id):
                        running.removeValue(forKey: id)?.stop()
                    }
                }
                for entry in running.values { entry.stop() }
            } onGracefulShutdown: {
                self.continuation.finish()
            }
        }
    }

    private func makeReader(for record: MachineRecord) -> (any MachineReader)? {
        let source: MachineSourceSettings
        do {
            source = try MachineSourceSettings(storedJSON: record.sourceJSON)
        } catch {
            logger.error("Machine source not started", metadata: ["machine_id": .string(record.id), "error": "\(error)"])
            return nil
        }
        var logger = logger
        logger[metadataKey: "machine_id"] = .string(record.id)
        if let host = source.host, !hosts.permits(host: host) {
            // Stored before MTC_SOURCE_HOSTS excluded it: never dial it, say so once.
            logger.warning("Machine source not started: its host is outside MTC_SOURCE_HOSTS", metadata: ["host": .string(host)])
            return nil
        }
        switch source {
        case .none:
            return nil
        case .modbus(let modbus):
            return ModbusMachineReader(machine: record, source: modbus, ingest: ingest, logger: logger)
        case .mtconnect(let mtconnect):
            return MTConnectMachineReader(
                machine: record, source: mtconnect, ingest: ingest, followsRedirects: hosts.allowsEveryHost, logger: logger
            )
        }
    }
}

/// Reads one machine until cancelled.
protocol MachineReader: Sendable {
    func run() async
}
