import ArgumentParser

struct ModbusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modbus",
        abstract: "Read, write and watch Modbus/TCP devices (addresses are 0-based).",
        subcommands: [ModbusReadCommand.self, ModbusWriteCommand.self, ModbusWatchCommand.self]
    )
}
