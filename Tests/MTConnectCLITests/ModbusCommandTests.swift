import ArgumentParser
import Foundation
import Logging
import ModbusClient
import ModbusSimulator
import Synchronization
import Testing
import TestSupport

@testable import MTConnectCLI

@Suite("mtc modbus read, write and watch against the simulator")
struct ModbusCommandTests {
    private static let logger = Logger(label: "mtc-modbus-tests")

    /// Lines a command emitted, readable from any task.
    private final class Output: Sendable {
        private let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var lines: [String] { storage.withLock { $0 } }
    }

    private func parse<Command: ParsableCommand>(_ arguments: [String], as _: Command.Type) throws -> Command {
        try #require(try MTC.parseAsRoot(arguments) as? Command)
    }

    /// A running simulator, stopped when `body` returns.
    private func withSimulator(_ body: (ADAM6050Simulator, Int) async throws -> Void) async throws {
        let simulator = ADAM6050Simulator(logger: Self.logger)
        let port = try simulator.start()
        defer { simulator.stop() }
        try await body(simulator, port)
    }

    /// Runs a command's `execute` with a deadline, so a hang fails the test.
    private func run(
        _ what: String, within limit: Duration = .seconds(10),
        _ execute: @escaping @Sendable (Output) async throws -> Void
    ) async throws -> [String] {
        let output = Output()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await execute(output) }
            group.addTask {
                try await Task.sleep(for: limit)
                throw CommandTimedOut(what: what, lines: output.lines)
            }
            defer { group.cancelAll() }
            try await group.next()
        }
        return output.lines
    }

    private struct CommandTimedOut: Error, CustomStringConvertible {
        let what: String
        let lines: [String]
        var description: String { "\(what) did not finish in time; output so far: \(lines)" }
    }

    @Test func readingDiscreteInputsPrintsOneAddressAndLevelPerLine() async throws {
        try await withSimulator { simulator, port in
            simulator.setInput(1, true)
            simulator.setInput(11, true)
            let command = try parse(["modbus", "read", "127.0.0.1:\(port)", "--unit", "1", "--di", "0..11"], as: ModbusReadCommand.self)
            let lines = try await run("mtc modbus read --di") { output in try await command.execute(output.append) }
            #expect(lines == (0..<12).map { "\($0)\t\($0 == 1 || $0 == 11 ? 1 : 0)" })
        }
    }

    @Test func readingHoldingRegistersPrintsDecimalAndHex() async throws {
        try await withSimulator { simulator, port in
            simulator.setCounter(1, 0x0001_BEEF)
            let command = try parse(["modbus", "read", "127.0.0.1:\(port)", "--holding", "2..3"], as: ModbusReadCommand.self)
            let lines = try await run("mtc modbus read --holding") { output in try await command.execute(output.append) }
            #expect(lines == ["2\t48879\t0xBEEF", "3\t1\t0x1"])
        }
    }

    @Test func readingCoilsStartsAtTheFirstAddressOfTheRange() async throws {
        try await withSimulator { simulator, port in
            simulator.setOutput(2, true)
            let command = try parse(["modbus", "read", "127.0.0.1:\(port)", "--coils", "16..21"], as: ModbusReadCommand.self)
            let lines = try await run("mtc modbus read --coils") { output in try await command.execute(output.append) }
            #expect(lines == ["16\t0", "17\t0", "18\t1", "19\t0", "20\t0", "21\t0"])
        }
    }

    @Test(arguments: [("0..11", 0, 12), ("16..21", 16, 6), ("7", 7, 1), ("3..3", 3, 1)])
    func addressRangesAreInclusive(argument: String, address: Int, count: Int) throws {
        let range = try #require(AddressRange(argument: argument))
        #expect(range.address == address)
        #expect(range.count == count)
    }

    @Test(arguments: ["11..0", "-1..3", "a..b", "0...11", "0..", "", "1..2..3"])
    func malformedAddressRangesAreRejectedBeforeConnecting(argument: String) {
        #expect(AddressRange(argument: argument) == nil)
        #expect(throws: (any Error).self) {
            try MTC.parseAsRoot(["modbus", "read", "127.0.0.1", "--di", argument])
        }
    }

    @Test(arguments: [
        ["modbus", "read", "127.0.0.1"],
        ["modbus", "read", "127.0.0.1", "--di", "0..1", "--coils", "0..1"],
        ["modbus", "read", "127.0.0.1:70000", "--di", "0..1"],
        ["modbus", "write", "127.0.0.1", "--coil", "16"],
        ["modbus", "write", "127.0.0.1", "--coil", "16", "--on", "--off"],
        ["modbus", "write", "127.0.0.1", "--register", "40"],
        ["modbus", "watch", "127.0.0.1", "--period-ms", "0"],
    ])
    func incompleteOrContradictoryArgumentsAreUsageErrors(arguments: [String]) {
        #expect(throws: (any Error).self) {
            try MTC.parseAsRoot(arguments)
        }
    }

    @Test func writingACoilSwitchesTheOutputAndConfirms() async throws {
        try await withSimulator { simulator, port in
            let command = try parse(["modbus", "write", "127.0.0.1:\(port)", "--coil", "19", "--on"], as: ModbusWriteCommand.self)
            let lines = try await run("mtc modbus write --coil") { output in try await command.execute(output.append) }
            #expect(lines == ["coil 19 on"])
            #expect(simulator.output(3))
        }
    }

    @Test func writingARegisterStoresTheValueAndConfirms() async throws {
        try await withSimulator { simulator, port in
            let command = try parse(
                ["modbus", "write", "127.0.0.1:\(port)", "--register", "40", "--value", "513"], as: ModbusWriteCommand.self
            )
            let lines = try await run("mtc modbus write --register") { output in try await command.execute(output.append) }
            #expect(lines == ["register 40 = 513"])
            #expect(simulator.holdingRegister(40) == 513)
        }
    }

    @Test func anUnreachableHostIsAConnectionErrorNamingTheAddress() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let command = try parse(
            ["modbus", "read", "127.0.0.1:\(port)", "--di", "0..11", "--timeout-ms", "1000"], as: ModbusReadCommand.self
        )
        let failure = Mutex<ModbusError?>(nil)
        let lines = try await run("mtc modbus read against a closed port") { _ in
            do {
                try await command.execute { _ in }
            } catch let error as ModbusError {
                failure.withLock { $0 = error }
            }
        }
        #expect(lines.isEmpty)
        let error = try #require(failure.withLock { $0 })
        #expect(error.kind == .connectionFailed)
        let message = modbusFailureMessage(error)
        #expect(message.hasPrefix("connection failed: cannot connect to Modbus device at 127.0.0.1:\(port)"))
        #expect(message.contains("check the host, port"))
    }

    @Test func aDeviceExceptionIsReportedAsARefusalWithItsCode() async throws {
        try await withSimulator { simulator, port in
            let command = try parse(["modbus", "read", "127.0.0.1:\(port)", "--holding", "0..3"], as: ModbusReadCommand.self)
            simulator.faults.exceptionCode = ModbusExceptionCode.illegalDataAddress.rawValue
            let failure = Mutex<ModbusError?>(nil)
            _ = try await run("mtc modbus read answered with an exception") { _ in
                do {
                    try await command.execute { _ in }
                } catch let error as ModbusError {
                    failure.withLock { $0 = error }
                }
            }
            let error = try #require(failure.withLock { $0 })
            #expect(error.exceptionCode == .illegalDataAddress)
            let message = modbusFailureMessage(error)
            #expect(message.hasPrefix("device refused the request: read holding registers (03) on 127.0.0.1:\(port) (unit 1)"))
            #expect(message.contains("illegal data address (0x2)"))
        }
    }

    @Test func watchPrintsConnectionThenEdgesAndCountsAsTheyHappen() async throws {
        try await withSimulator { simulator, port in
            let command = try parse(
                ["modbus", "watch", "127.0.0.1:\(port)", "--profile", "adam6050", "--period-ms", "20", "--events", "3"],
                as: ModbusWatchCommand.self
            )
            let lines = try await run("mtc modbus watch") { output in
                try await command.execute { line in
                    output.append(line)
                    // Drive the input once the first poll has seen the idle state.
                    if line.hasSuffix("  connected") {
                        simulator.setInput(5, true)
                    }
                }
            }
            try #require(lines.count == 4, "\(lines)")
            #expect(lines[0] == "watching 127.0.0.1:\(port) unit 1 every 20 ms")
            let stamp = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  /#
            for line in lines.dropFirst() {
                #expect(line.contains(stamp), "\(line)")
            }
            #expect(lines[1].hasSuffix("  connected"))
            let events = Set(lines.dropFirst(2).map { $0.split(separator: "  ", maxSplits: 1).last.map(String.init) ?? $0 })
            #expect(events == ["DI5 rising", "DI5 counter 1 (+1)"])
        }
    }

    @Test func watchingAnUnreachableHostReportsTheDisconnection() async throws {
        let simulator = ADAM6050Simulator(logger: Self.logger)
        let port = try simulator.start()
        simulator.stop()
        try await Task.sleep(for: .milliseconds(150))
        let command = try parse(
            ["modbus", "watch", "127.0.0.1:\(port)", "--period-ms", "20", "--events", "1", "--timeout-ms", "1000"],
            as: ModbusWatchCommand.self
        )
        let lines = try await run("mtc modbus watch against a closed port") { output in try await command.execute(output.append) }
        try #require(lines.count == 2, "\(lines)")
        #expect(lines[1].contains("  disconnected: cannot connect to Modbus device at 127.0.0.1:\(port)"))
    }
}
