import ArgumentParser
import ModbusClient

struct ModbusWriteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Write one coil (function 05) or one holding register (function 06).",
        discussion: "Examples: mtc modbus write 192.0.2.17 --coil 16 --on; mtc modbus write 192.0.2.17 --register 40 --value 7"
    )

    @OptionGroup var device: ModbusDeviceOptions

    @Option(help: "Coil address to switch.")
    var coil: Int?

    @Flag(name: .customLong("on"), help: "Switch the coil on.")
    var on = false

    @Flag(name: .customLong("off"), help: "Switch the coil off.")
    var off = false

    @Option(help: "Holding register address to write.")
    var register: Int?

    @Option(help: "Register value (0...65535).")
    var value: UInt16?

    func validate() throws {
        switch (coil, register) {
        case (.some, nil):
            guard on != off else { throw ValidationError("give exactly one of --on or --off with --coil") }
        case (nil, .some):
            guard value != nil else { throw ValidationError("--register needs --value") }
        default:
            throw ValidationError("give either --coil with --on/--off, or --register with --value")
        }
    }

    func run() async throws {
        do {
            try await execute { print($0) }
        } catch let error as ModbusError {
            throw modbusFailure(error)
        }
    }

    /// Writes the coil or register and hands `emit` a confirmation line.
    func execute(_ emit: (String) -> Void) async throws {
        let configuration = try device.clientConfiguration()
        try await ModbusTCPClient.withClient(configuration: configuration, logger: cliLogger()) { (client) async throws(ModbusError) in
            if let coil {
                try await client.writeSingleCoil(address: coil, on: on)
                emit("coil \(coil) \(on ? "on" : "off")")
            } else if let register, let value {
                try await client.writeSingleRegister(address: register, value: value)
                emit("register \(register) = \(value)")
            }
        }
    }
}
