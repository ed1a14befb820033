import ModbusClient
import ModbusSimulator
import Testing

@Suite("ADAM-6050 profile")
struct ADAM6050Tests {
    @Test func namedAccessorsReadAndWriteTheRightPoints() async throws {
        try await withDevice { simulator, client in
            let module = ADAM6050(client: client)
            simulator.setInput(4, true)
            simulator.setInput(11, true)
            #expect(try await module.digitalInputs() == (0..<12).map { $0 == 4 || $0 == 11 })
            let four = try await module.digitalInput(4)
            #expect(four)

            try await module.setOutput(3, on: true)
            #expect(simulator.output(3))
            try await module.setOutputs([true, true, false, false, false, true])
            let outputs = try await module.outputs()
            #expect(outputs == [true, true, false, false, false, true])
        }
    }

    @Test func countersAreThirtyTwoBitsLowWordFirst() async throws {
        try await withDevice { simulator, client in
            let module = ADAM6050(client: client)
            simulator.setCounter(5, 0x0001_FFFF)
            simulator.pulse(5, count: 2)
            let five = try await module.counter(5)
            #expect(five == 0x0002_0001)
            simulator.pulse(0)
            let all = try await module.counters()
            #expect(all.count == 12)
            #expect(all[0] == 1 && all[5] == 0x0002_0001 && all[1] == 0)
        }
    }

    @Test func counterControlCoilsClearStopAndFlagOverflow() async throws {
        try await withDevice { simulator, client in
            let module = ADAM6050(client: client)
            simulator.pulse(2, count: 4)
            try await module.clearCounter(2)
            #expect(simulator.counter(2) == 0)

            try await module.setCounterRunning(2, false)
            simulator.pulse(2, count: 3)
            #expect(try await module.counter(2) == 0)
            try await module.setCounterRunning(2, true)

            simulator.setCounter(2, .max)
            simulator.pulse(2)
            #expect(try await module.counterOverflowed(2))
            try await module.clearCounterOverflow(2)
            #expect(simulator.counterOverflowed(2) == false)
        }
    }

    @Test(arguments: [-1, 12])
    func channelsOutsideTheModuleAreInvalidRequests(channel: Int) async throws {
        try await withDevice { simulator, client in
            let module = ADAM6050(client: client)
            let counterError = await modbusError { () async throws(ModbusError) in try await module.counter(channel) }
            #expect(counterError?.kind == .invalidRequest)
            let outputError = await modbusError { () async throws(ModbusError) in try await module.setOutput(channel / 2 + 6, on: true) }
            #expect(outputError?.kind == .invalidRequest)
            #expect(simulator.statistics.requests == 0)
        }
    }
}
