import ModbusClient
import ModbusSimulator
import Testing

@Suite("Requests outside the Modbus limits are refused before sending")
struct RequestLimitTests {
    enum Invalid: String, CaseIterable, Sendable {
        case noBits, tooManyBits, tooManyRegisters, negativeAddress, pastTheLastAddress
        case tooManyCoilsToWrite, tooManyRegistersToWrite, tooManyRegistersToWriteAndRead, noRegistersToRead
    }

    @Test(arguments: Invalid.allCases)
    func invalidRequestNeverReachesTheDevice(_ invalid: Invalid) async throws {
        try await withDevice { simulator, client in
            let error = await modbusError { () async throws(ModbusError) in
                switch invalid {
                case .noBits: _ = try await client.readCoils(address: 0, count: 0)
                case .tooManyBits: _ = try await client.readDiscreteInputs(address: 0, count: 2001)
                case .tooManyRegisters: _ = try await client.readHoldingRegisters(address: 0, count: 126)
                case .negativeAddress: _ = try await client.readInputRegisters(address: -1, count: 1)
                case .pastTheLastAddress: _ = try await client.readHoldingRegisters(address: 65_500, count: 40)
                case .tooManyCoilsToWrite: try await client.writeMultipleCoils(address: 0, values: Array(repeating: true, count: 1969))
                case .tooManyRegistersToWrite: try await client.writeMultipleRegisters(address: 0, values: Array(repeating: 1, count: 124))
                case .tooManyRegistersToWriteAndRead:
                    _ = try await client.readWriteMultipleRegisters(writeAddress: 0, values: Array(repeating: 1, count: 122), readAddress: 0, readCount: 1)
                case .noRegistersToRead:
                    _ = try await client.readWriteMultipleRegisters(writeAddress: 0, values: [1], readAddress: 0, readCount: 0)
                }
            }
            #expect(error?.kind == .invalidRequest)
            #expect(error?.isTransportError == false)
            #expect(simulator.statistics.requests == 0)
            #expect(simulator.statistics.connectionsAccepted == 0)
        }
    }

    @Test func largestAllowedRequestsAreServed() async throws {
        try await withDevice { simulator, client in
            simulator.faults.exceptionCode = nil
            // The simulator maps fewer points than the protocol allows: the device, not the
            // client, refuses the range.
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readCoils(address: 0, count: 2000)
            }
            #expect(error?.exceptionCode == .illegalDataAddress)
            let registers = try await client.readHoldingRegisters(address: 0, count: 125)
            #expect(registers.count == 125)
        }
    }
}
