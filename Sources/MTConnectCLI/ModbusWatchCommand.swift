import ArgumentParser
import Foundation
import ModbusClient

struct ModbusWatchCommand: AsyncParsableCommand {
    enum Profile: String, ExpressibleByArgument, CaseIterable {
        case adam6050
    }

    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Poll a device and print input edges, counter changes and missed pulses as they happen.",
        discussion: "Example: mtc modbus watch 10.0.0.17 --profile adam6050. Stop with Ctrl-C."
    )

    @OptionGroup var device: ModbusDeviceOptions

    @Option(help: "Device profile.")
    var profile: Profile = .adam6050

    @Option(help: "Poll period in milliseconds.")
    var periodMs: Int = 100

    @Option(help: "Stop after this many events (default: run until interrupted).")
    var events: Int?

    func validate() throws {
        guard periodMs > 0 else { throw ValidationError("--period-ms must be positive") }
    }

    func run() async throws {
        // Unbuffered, so events appear as they happen also when the output is piped.
        try await execute { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    }

    /// Polls the device and hands `emit` a header line, then one line per event, until
    /// `--events` lines were emitted or the task is cancelled.
    func execute(_ emit: (String) -> Void) async throws {
        let configuration = try device.clientConfiguration()
        let client = ModbusClient(configuration: configuration, logger: cliLogger())
        let poller: ModbusPoller
        switch profile {
        case .adam6050:
            poller = try ModbusPoller(client: client, configuration: .adam6050(period: .milliseconds(periodMs)), logger: cliLogger())
        }
        let polling = Task { try await poller.run() }
        emit("watching \(configuration.host):\(configuration.port) unit \(configuration.unitID) every \(periodMs) ms")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var printed = 0
        await withTaskCancellationHandler {
            for await event in poller.events {
                emit(Self.line(for: event, formatter: formatter))
                printed += 1
                if let events, printed >= events { break }
            }
        } onCancel: {
            polling.cancel()
        }
        polling.cancel()
        _ = await polling.result
        await client.close()
    }

    static func line(for event: ModbusPollEvent, formatter: ISO8601DateFormatter) -> String {
        let time = { (date: Date) in formatter.string(from: date) }
        switch event {
        case .connection(let change):
            let reason = change.error.map { ": \($0.message)" } ?? ""
            return "\(time(change.timestamp))  \(change.state)\(reason)"
        case .edge(let edge):
            return "\(time(edge.timestamp))  DI\(edge.channel) \(edge.direction)"
        case .counter(let change):
            let reset = change.wasReset ? " (reset)" : ""
            return "\(time(change.timestamp))  DI\(change.channel) counter \(change.value) (+\(change.delta))\(reset)"
        case .missedPulses(let missed):
            return "\(time(missed.timestamp))  DI\(missed.channel) MISSED \(missed.count) pulse(s) between polls"
        case .readFailed(let error, let date):
            return "\(time(date))  read failed: \(error.message)"
        }
    }
}
