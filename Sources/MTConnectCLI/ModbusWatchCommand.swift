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
        discussion: "Example: mtc modbus watch 192.0.2.17 --profile adam6050. Ctrl-C (SIGINT) or SIGTERM stops it with status 0."
    )

    @OptionGroup var device: ModbusDeviceOptions

    @Option(help: "Device profile.")
    var profile: Profile = .adam6050

    @Option(help: "Poll period in milliseconds.")
    var periodMs: Int = 100

    @Option(help: "Stop after this many events (default: run until interrupted).")
    var events: Int?

    @Flag(help: "Print one JSON object per line instead of text.")
    var json = false

    func validate() throws {
        guard periodMs > 0 else { throw ValidationError("--period-ms must be positive") }
        if let events, events <= 0 { throw ValidationError("--events must be positive") }
    }

    func run() async throws {
        let interrupts = SignalWatcher()
        // Unbuffered, so events appear as they happen also when the output is piped.
        do {
            try await execute(until: interrupts) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        } catch let error as ModbusError {
            throw modbusFailure(error)
        }
    }

    /// Polls the device and hands `emit` a header line, then one line per event, until
    /// `--events` lines were emitted, `interrupts` reports a signal or the task is cancelled.
    func execute(until interrupts: SignalWatcher? = nil, _ emit: (String) -> Void) async throws {
        let configuration = try device.clientConfiguration()
        let client = ModbusTCPClient(configuration: configuration, logger: cliLogger())
        let poller: ModbusPoller
        switch profile {
        case .adam6050:
            poller = try ModbusPoller(client: client, configuration: .adam6050(period: .milliseconds(periodMs)), logger: cliLogger())
        }
        let polling = Task { try await poller.run() }
        // Stopping the poller ends its events, and so the loop below.
        let interruption = interrupts.map { interrupts in
            Task {
                await interrupts.waitForInterrupt()
                polling.cancel()
            }
        }
        defer { interruption?.cancel() }
        emit(json
            ? Self.jsonText(["event": "watching", "host": configuration.host, "port": configuration.port, "unit": Int(configuration.unitID), "periodMs": periodMs])
            : "watching \(configuration.host):\(configuration.port) unit \(configuration.unitID) every \(periodMs) ms")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var printed = 0
        await withTaskCancellationHandler {
            for await event in poller.events {
                emit(json ? Self.jsonLine(for: event, formatter: formatter) : Self.line(for: event, formatter: formatter))
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

    static func jsonLine(for event: ModbusPollEvent, formatter: ISO8601DateFormatter) -> String {
        switch event {
        case .connection(let change):
            var object: [String: Any] = ["event": "\(change.state)", "time": formatter.string(from: change.timestamp)]
            if let error = change.error { object["error"] = error.message }
            return jsonText(object)
        case .edge(let edge):
            return jsonText(["event": "edge", "time": formatter.string(from: edge.timestamp), "channel": edge.channel, "direction": "\(edge.direction)"])
        case .counter(let change):
            return jsonText([
                "event": "counter", "time": formatter.string(from: change.timestamp), "channel": change.channel,
                "value": Int(change.value), "delta": Int(clamping: change.delta), "reset": change.wasReset,
            ])
        case .missedPulses(let missed):
            return jsonText(["event": "missedPulses", "time": formatter.string(from: missed.timestamp), "channel": missed.channel, "count": Int(clamping: missed.count)])
        case .readFailed(let error, let date):
            return jsonText(["event": "readFailed", "time": formatter.string(from: date), "error": error.message])
        }
    }

    private static func jsonText(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
