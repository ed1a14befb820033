import ModbusClient
import ModbusSimulator
import Testing

@Suite("Modbus exceptions are typed and keep the connection")
struct ExceptionTests {
    @Test(arguments: [
        ModbusExceptionCode.illegalFunction, .illegalDataAddress, .illegalDataValue,
        .serverDeviceFailure, .serverDeviceBusy, .gatewayTargetFailedToRespond,
    ])
    func exceptionReplyBecomesATypedError(code: ModbusExceptionCode) async throws {
        try await withDevice { simulator, client in
            simulator.faults.exceptionCode = code.rawValue
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readDiscreteInputs(address: 0, count: 12)
            }
            #expect(error?.kind == .exception)
            #expect(error?.exceptionCode == code)
            #expect(error?.isTransportError == false)
            #expect(error?.message.contains(code.description) == true)

            simulator.faults.exceptionCode = nil
            _ = try await client.readDiscreteInputs(address: 0, count: 12)
            #expect(simulator.statistics.connectionsAccepted == 1, "an exception must not cost a reconnect")
        }
    }

    @Test func readingPastTheMappedInputsIsAnIllegalAddress() async throws {
        try await withDevice { _, client in
            let error = await modbusError { () async throws(ModbusError) in
                try await client.readDiscreteInputs(address: 10, count: 10)
            }
            #expect(error?.exceptionCode == .illegalDataAddress)
        }
    }

    @Test func writingAnInputCoilIsRefusedByTheDevice() async throws {
        try await withDevice { simulator, client in
            let error = await modbusError { () async throws(ModbusError) in
                try await client.writeSingleCoil(address: 3, on: true)
            }
            #expect(error?.exceptionCode == .illegalDataAddress)
            #expect(simulator.input(3) == false)
        }
    }
}
