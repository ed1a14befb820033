import ArgumentParser
import Foundation
import Logging
import ModbusClient

/// Where to reach a device; shared by the `mtc modbus` subcommands.
struct ModbusDeviceOptions: ParsableArguments {
    @Argument(help: "Device address: HOST, HOST:PORT or [IPv6]:PORT (port 502 by default).")
    var device: String

    @Option(help: "Unit identifier (slave id).")
    var unit: UInt8 = 1

    @Option(help: "Connect and response timeout in milliseconds.")
    var timeoutMs: Int = 3000

    func validate() throws {
        _ = try Self.split(device)
        guard timeoutMs > 0 else { throw ValidationError("--timeout-ms must be positive") }
    }

    func clientConfiguration() throws -> ModbusClientConfiguration {
        let (host, port) = try Self.split(device)
        return ModbusClientConfiguration(
            host: host, port: port, unitID: unit,
            connectTimeout: .milliseconds(timeoutMs), responseTimeout: .milliseconds(timeoutMs)
        )
    }

    static func split(_ device: String) throws -> (String, Int) {
        if device.hasPrefix("["), let close = device.firstIndex(of: "]") {
            let host = String(device[device.index(after: device.startIndex)..<close])
            let rest = device[device.index(after: close)...]
            guard !rest.isEmpty else { return (host, 502) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port) else {
                throw ValidationError("'\(device)' is not [IPv6]:PORT")
            }
            return (host, port)
        }
        let parts = device.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1 where !device.isEmpty:
            return (device, 502)
        case 2:
            guard !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else {
                throw ValidationError("'\(device)' is not HOST:PORT with a port in 1...65535")
            }
            return (String(parts[0]), port)
        default:
            throw ValidationError("'\(device)' is not HOST[:PORT]; write IPv6 addresses as [ADDRESS]:PORT")
        }
    }
}

/// `A..B` (inclusive) or a single address `A`, as `(address, count)`.
struct AddressRange: ExpressibleByArgument {
    let address: Int
    let count: Int

    init?(argument: String) {
        let bounds = argument.components(separatedBy: "..")
        guard let first = bounds.first.flatMap({ Int($0) }) else { return nil }
        let last = bounds.count == 2 ? Int(bounds[1]) : (bounds.count == 1 ? first : nil)
        guard let last, first >= 0, last >= first else { return nil }
        address = first
        count = last - first + 1
    }
}

/// The libraries' logger for a command: failures reach the user once, as the command's
/// `Error:` line or an event line, not also as a log line.
func cliLogger(_ label: String = "mtc.modbus") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .critical
    return logger
}

/// A Modbus failure as the command's `Error:` line.
func modbusFailure(_ error: ModbusError) -> CLIFailure {
    CLIFailure(modbusFailureMessage(error))
}

/// What `mtc modbus` says about a failed request.
func modbusFailureMessage(_ error: ModbusError) -> String {
    let label = error.kind == .exception ? "device refused the request" : "\(error.kind)"
    return "\(label): \(error.message)"
}
