import ArgumentParser
import ModbusClient

struct ModbusReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read discrete inputs, coils, holding or input registers.",
        discussion: "Example: mtc modbus read 192.0.2.17 --unit 1 --di 0..11"
    )

    @OptionGroup var device: ModbusDeviceOptions

    @Option(help: "Discrete inputs A..B (function 02).")
    var di: AddressRange?

    @Option(help: "Coils A..B (function 01).")
    var coils: AddressRange?

    @Option(help: "Holding registers A..B (function 03).")
    var holding: AddressRange?

    @Option(help: "Input registers A..B (function 04).")
    var input: AddressRange?

    @Flag(help: "Print one JSON object per address, {\"address\":0,\"value\":1}, instead of tab-separated text.")
    var json = false

    func validate() throws {
        guard [di, coils, holding, input].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --di, --coils, --holding, --input")
        }
    }

    func run() async throws {
        do {
            try await execute { print($0) }
        } catch let error as ModbusError {
            throw modbusFailure(error)
        }
    }

    /// Reads the requested range and hands `emit` one line per address:
    /// `ADDRESS<TAB>0|1` for bits, `ADDRESS<TAB>DECIMAL<TAB>0xHEX` for registers; with
    /// `--json`, `{"address":A,"value":V}` for both.
    func execute(_ emit: (String) -> Void) async throws {
        let configuration = try device.clientConfiguration()
        try await ModbusTCPClient.withClient(configuration: configuration, logger: cliLogger()) { (client) async throws(ModbusError) in
            if let range = di ?? coils {
                let bits = di != nil
                    ? try await client.readDiscreteInputs(address: range.address, count: range.count)
                    : try await client.readCoils(address: range.address, count: range.count)
                for (offset, bit) in bits.enumerated() {
                    emit(json ? Self.jsonLine(range.address + offset, bit ? 1 : 0) : "\(range.address + offset)\t\(bit ? 1 : 0)")
                }
            } else if let range = holding ?? input {
                let registers = holding != nil
                    ? try await client.readHoldingRegisters(address: range.address, count: range.count)
                    : try await client.readInputRegisters(address: range.address, count: range.count)
                for (offset, value) in registers.enumerated() {
                    emit(json
                        ? Self.jsonLine(range.address + offset, Int(value))
                        : "\(range.address + offset)\t\(value)\t0x\(String(value, radix: 16, uppercase: true))")
                }
            }
        }
    }

    private static func jsonLine(_ address: Int, _ value: Int) -> String {
        "{\"address\":\(address),\"value\":\(value)}"
    }
}
