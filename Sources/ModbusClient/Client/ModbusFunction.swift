/// The function codes the client sends; indexes the per-function metrics.
enum ModbusFunction: Int, CaseIterable, Sendable {
    case readCoils, readDiscreteInputs, readHoldingRegisters, readInputRegisters
    case writeSingleCoil, writeSingleRegister, writeMultipleCoils, writeMultipleRegisters
    case readWriteMultipleRegisters

    /// The `function` dimension of the client's metrics.
    var metricName: String {
        switch self {
        case .readCoils: "read_coils"
        case .readDiscreteInputs: "read_discrete_inputs"
        case .readHoldingRegisters: "read_holding_registers"
        case .readInputRegisters: "read_input_registers"
        case .writeSingleCoil: "write_single_coil"
        case .writeSingleRegister: "write_single_register"
        case .writeMultipleCoils: "write_multiple_coils"
        case .writeMultipleRegisters: "write_multiple_registers"
        case .readWriteMultipleRegisters: "read_write_multiple_registers"
        }
    }
}
