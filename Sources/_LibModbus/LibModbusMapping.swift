internal import CModbus

/// The register tables a libmodbus server answers from (`modbus_mapping_t`): libmodbus reads
/// them to build a reply and writes into them what a write request carries.
///
/// Not thread-safe; used by the one thread that serves a connection. Addresses are 0-based
/// and must lie inside the sizes given at creation.
package final class LibModbusMapping {
    let mapping: UnsafeMutablePointer<modbus_mapping_t>
    package let coilCount: Int
    package let discreteInputCount: Int
    package let holdingRegisterCount: Int
    package let inputRegisterCount: Int

    /// `nil` when libmodbus cannot allocate the tables.
    package init?(coils: Int, discreteInputs: Int, holdingRegisters: Int, inputRegisters: Int) {
        guard let mapping = modbus_mapping_new(Int32(coils), Int32(discreteInputs), Int32(holdingRegisters), Int32(inputRegisters)) else {
            return nil
        }
        self.mapping = mapping
        coilCount = coils
        discreteInputCount = discreteInputs
        holdingRegisterCount = holdingRegisters
        inputRegisterCount = inputRegisters
    }

    deinit {
        modbus_mapping_free(mapping)
    }

    package func coil(_ address: Int) -> Bool {
        precondition((0..<coilCount).contains(address), "coil \(address) is outside the mapping")
        return mapping.pointee.tab_bits[address] != 0
    }

    package func setCoil(_ address: Int, _ on: Bool) {
        precondition((0..<coilCount).contains(address), "coil \(address) is outside the mapping")
        mapping.pointee.tab_bits[address] = on ? 1 : 0
    }

    package func setDiscreteInput(_ address: Int, _ on: Bool) {
        precondition((0..<discreteInputCount).contains(address), "discrete input \(address) is outside the mapping")
        mapping.pointee.tab_input_bits[address] = on ? 1 : 0
    }

    package func holdingRegister(_ address: Int) -> UInt16 {
        precondition((0..<holdingRegisterCount).contains(address), "holding register \(address) is outside the mapping")
        return mapping.pointee.tab_registers[address]
    }

    package func setHoldingRegister(_ address: Int, _ value: UInt16) {
        precondition((0..<holdingRegisterCount).contains(address), "holding register \(address) is outside the mapping")
        mapping.pointee.tab_registers[address] = value
    }

    package func setInputRegister(_ address: Int, _ value: UInt16) {
        precondition((0..<inputRegisterCount).contains(address), "input register \(address) is outside the mapping")
        mapping.pointee.tab_input_registers[address] = value
    }
}
