import Foundation
import Logging
import ModbusClient

/// Polls an ADAM-6050 and turns its inputs into observations by channel role: rising edges
/// of the cycle channel become `CYCLE_START` (with the pulses the counter saw but the poll
/// missed folded in), the spindle channel `SPINDLE` ON/OFF, the part counter `PART_COUNT`.
struct ModbusMachineReader: MachineReader {
    let machine: MachineRecord
    let source: MachineSourceSettings.Modbus
    let ingest: IngestPipeline
    let logger: Logger

    static let longestRetryDelay = Duration.seconds(60)

    func run() async {
        var configuration = ModbusClientConfiguration(
            host: source.host, port: source.port, unitID: source.unitID
        )
        // A module that is off for hours is dialled once a minute at most, not every few seconds.
        configuration.reconnectBackoff.initial = .milliseconds(200)
        configuration.reconnectBackoff.maximum = Self.longestRetryDelay
        let client = ModbusTCPClient(configuration: configuration, logger: logger)
        let period = source.pollInterval
        let poller: ModbusPoller
        do {
            poller = try ModbusPoller(client: client, configuration: .adam6050(period: period), logger: logger)
        } catch {
            logger.error("Modbus poller not started", metadata: ["error": "\(error)"])
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { try await poller.run() } catch { logger.warning("Modbus poller stopped", metadata: ["error": "\(error)"]) }
            }
            var missed: UInt64 = 0
            for await event in poller.events {
                if Task.isCancelled { break }
                let observations = translate(event, missed: &missed)
                guard !observations.isEmpty else { continue }
                do {
                    _ = try await ingest.ingest(observations, machine: machine, source: "modbus")
                } catch {
                    logger.error("Ingest of Modbus observations failed", metadata: ["error": "\(error)"])
                }
            }
            group.cancelAll()
        }
        await client.close()
    }

    func translate(_ event: ModbusPollEvent, missed: inout UInt64) -> [ObservationInput] {
        switch event {
        case .edge(let edge) where edge.channel == source.cycleChannel && edge.direction == .rising:
            defer { missed = 0 }
            return [ObservationInput(
                dataItemId: "di\(edge.channel)_cycle", timestamp: edge.timestamp, category: "EVENT", type: "CYCLE_START",
                value: .number(Double(1 + missed))
            )]
        case .edge(let edge) where edge.channel == source.spindleChannel:
            return [ObservationInput(
                dataItemId: "di\(edge.channel)_spindle", timestamp: edge.timestamp, category: "EVENT", type: "SPINDLE",
                value: .text(edge.direction == .rising ? "ON" : "OFF")
            )]
        case .edge(let edge):
            return [ObservationInput(
                dataItemId: "di\(edge.channel)", timestamp: edge.timestamp, category: "EVENT", type: "DIGITAL_INPUT",
                value: .text(edge.direction == .rising ? "ON" : "OFF")
            )]
        case .counter(let change) where change.channel == source.partCounterChannel && source.cycleChannel == nil:
            return [ObservationInput(
                dataItemId: "di\(change.channel)_count", timestamp: change.timestamp, category: "EVENT", type: "PART_COUNT",
                value: .number(Double(change.value))
            )]
        case .counter(let change):
            return [ObservationInput(
                dataItemId: "di\(change.channel)_count", timestamp: change.timestamp, category: "SAMPLE", type: "COUNT",
                value: .number(Double(change.value))
            )]
        case .missedPulses(let pulses) where pulses.channel == source.cycleChannel:
            logger.warning("Missed cycle pulses", metadata: ["count": "\(pulses.count)"])
            missed += pulses.count
            return []
        case .connection(let change) where change.state == .disconnected:
            ingest.metrics.recordSourceError(source: "modbus", kind: "disconnect")
            logger.warning("Modbus source unreachable; retrying with backoff", metadata: [
                "host": .string(source.host), "error": .string(change.error.map { "\($0)" } ?? "-"),
                "longest_retry_delay_s": .stringConvertible(Self.longestRetryDelay.components.seconds),
            ])
            return []
        case .connection:
            logger.info("Modbus source connected", metadata: ["host": .string(source.host)])
            return []
        case .readFailed:
            ingest.metrics.recordSourceError(source: "modbus", kind: "read")
            return []
        case .missedPulses:
            return []
        }
    }
}
