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

func cliLogger() -> Logger {
    var logger = Logger(label: "mtc.modbus")
    logger.logLevel = .error
    return logger
}

/// Prints a Modbus failure the way a user can act on it and exits with status 1.
func modbusFailure(_ error: ModbusError) -> ExitCode {
    FileHandle.standardError.write(Data((modbusFailureMessage(error) + "\n").utf8))
    return ExitCode(1)
}

/// The line `mtc modbus` prints for a failed request.
func modbusFailureMessage(_ error: ModbusError) -> String {
    let label = error.kind == .exception ? "device refused the request" : "\(error.kind)"
    return "mtc modbus: \(label): \(error.message)"
}
