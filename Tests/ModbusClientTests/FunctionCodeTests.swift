import ModbusClient
import ModbusSimulator
import Testing

@Suite("Function codes against the simulator")
struct FunctionCodeTests {
    @Test func readDiscreteInputsReturnsTheLevelsTheDeviceReports() async throws {
        try await withDevice { simulator, client in
            simulator.setInput(0, true)
            simulator.setInput(5, true)
            simulator.setInput(11, true)
            let inputs = try await client.readDiscreteInputs(address: 0, count: 12)
            #expect(inputs == (0..<12).map { [0, 5, 11].contains($0) })
        }
    }

    @Test func readCoilsSeesInputsOutputsAndCounterFlags() async throws {
        try await withDevice { simulator, client in
            simulator.setInput(2, true)
            simulator.setOutput(3, true)
            let coils = try await client.readCoils(address: 0, count: 44)
            #expect(coils[2] && !coils[1])
            #expect(coils[19] && !coils[16])
            #expect(coils[32], "counter 0 runs by default")
            #expect(coils[43] && !coils[35], "only DI2 rose, so only its latch (35 + 4·2) is set")
        }
    }

    @Test func readHoldingRegistersReturnsCountersLowWordFirst() async throws {
        try await withDevice { simulator, client in
            simulator.setCounter(1, 0x0012_3456)
            let registers = try await client.readHoldingRegisters(address: 2, count: 2)
            #expect(registers == [0x3456, 0x0012])
        }
    }

    @Test func readInputRegistersReturnsWhatTheDeviceHolds() async throws {
        try await withDevice { simulator, client in
            simulator.setInputRegister(100, 0xBEEF)
            simulator.setInputRegister(101, 7)
            let registers = try await client.readInputRegisters(address: 100, count: 2)
            #expect(registers == [0xBEEF, 7])
        }
    }

    @Test(arguments: [true, false])
    func writeSingleCoilSwitchesAnOutput(on: Bool) async throws {
        try await withDevice { simulator, client in
            simulator.setOutput(4, !on)
            try await client.writeSingleCoil(address: 20, on: on)
            #expect(simulator.output(4) == on)
        }
    }

    @Test func writeSingleRegisterStoresTheValue() async throws {
        try await withDevice { simulator, client in
            try await client.writeSingleRegister(address: 40, value: 0xA55A)
            #expect(simulator.holdingRegister(40) == 0xA55A)
            let registers = try await client.readHoldingRegisters(address: 40, count: 1)
            #expect(registers == [0xA55A])
        }
    }

    @Test func writeMultipleCoilsSetsEveryOutput() async throws {
        try await withDevice { simulator, client in
            let pattern = [true, false, true, true, false, true]
            try await client.writeMultipleCoils(address: 16, values: pattern)
            #expect((0..<6).map(simulator.output) == pattern)
        }
    }

    @Test func writeMultipleRegistersStoresAllValues() async throws {
        try await withDevice { simulator, client in
            let values: [UInt16] = (0..<123).map { UInt16($0 * 3) }
            try await client.writeMultipleRegisters(address: 0, values: values)
            #expect(simulator.counter(0) == 3 << 16)
            let registers = try await client.readHoldingRegisters(address: 0, count: 123)
            #expect(registers == values)
        }
    }

    @Test func readWriteMultipleRegistersWritesBeforeReading() async throws {
        try await withDevice { simulator, client in
            let read = try await client.readWriteMultipleRegisters(
                writeAddress: 50, values: [11, 22, 33], readAddress: 49, readCount: 5
            )
            #expect(read == [0, 11, 22, 33, 0])
            #expect(simulator.holdingRegister(52) == 33)
        }
    }
}
