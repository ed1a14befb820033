import Foundation
import Logging
import ModbusSimulator
import OutboxKit
import Testing
import TestSupport

/// One policy for every subcommand: wrong arguments print the subcommand's own usage (exit
/// 64), run-time failures one `Error:` line (exit 1), signals end long-running commands with 0,
/// listings take `--json` and say when they are empty.
@Suite("mtc subcommands fail, stop and list alike", .enabled(if: MTCProcess.isBuilt, MTCProcess.notBuilt))
struct CommandPolicyTests {
    private static let logger = Logger(label: "mtc-cli-policy-tests")

    @Test(arguments: [
        (["follow", "not a url"], "mtc follow"),
        (["outbox", "stats", "--database", "/nonexistent/outbox.sqlite"], "mtc outbox stats"),
        (["outbox", "dead", "--database", "/nonexistent/outbox.sqlite"], "mtc outbox dead"),
        (["simulate", "--version", "two"], "mtc simulate"),
        (["modbus", "watch", "127.0.0.1", "--events", "0"], "mtc modbus watch"),
    ])
    func wrongArgumentsPrintTheSubcommandsUsage(arguments: [String], command: String) async throws {
        let result = try await MTCProcess.run(arguments)
        #expect(result.status == 64, "\(result)")
        #expect(result.errorLines.filter { $0.hasPrefix("Error: ") }.count == 1, "\(result)")
        #expect(result.errorLines.contains { $0.hasPrefix("Usage: \(command) ") }, "\(result)")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func aRunTimeFailureIsPrintedOnceWithoutUsage() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let result = try await MTCProcess.run(["modbus", "read", "127.0.0.1:\(refusing.port)", "--di", "0..1", "--timeout-ms", "1000"])
        #expect(result.status == 1, "\(result)")
        try #require(result.errorLines.count == 1, "\(result)")
        #expect(result.errorLines[0].hasPrefix("Error: connection failed: cannot connect to Modbus device at 127.0.0.1:\(refusing.port)"))
    }

    @Test(arguments: [(SIGINT, false), (SIGTERM, false), (SIGINT, true)])
    func modbusWatchStopsCleanlyOnASignal(signal: Int32, startedInTheBackground: Bool) async throws {
        let simulator = ADAM6050Simulator(logger: Self.logger)
        let port = try simulator.start()
        defer { simulator.stop() }
        let watch = try MTCProcess.start(
            ["modbus", "watch", "127.0.0.1:\(port)", "--period-ms", "20"], signalsIgnored: startedInTheBackground)
        let connected = await watch.waitForOutput(within: .seconds(10)) { $0.contains("  connected") }
        watch.child.signal(signal)
        let result = await watch.finish(within: .seconds(10))
        #expect(connected, "\(result)")
        #expect(result.status == 0, "\(result)")
        #expect(result.standardError.isEmpty, "\(result)")
    }

    @Test func modbusReadAndWatchPrintJSONLines() async throws {
        let simulator = ADAM6050Simulator(logger: Self.logger)
        let port = try simulator.start()
        defer { simulator.stop() }
        simulator.setInput(1, true)
        let read = try await MTCProcess.run(["modbus", "read", "127.0.0.1:\(port)", "--di", "0..1", "--json"])
        #expect(read.status == 0, "\(read)")
        #expect(read.outputLines == [#"{"address":0,"value":0}"#, #"{"address":1,"value":1}"#])

        let watch = try await MTCProcess.run(["modbus", "watch", "127.0.0.1:\(port)", "--period-ms", "20", "--events", "1", "--json"])
        #expect(watch.status == 0, "\(watch)")
        try #require(watch.outputLines.count == 2, "\(watch)")
        #expect(watch.outputLines[0] == #"{"event":"watching","host":"127.0.0.1","periodMs":20,"port":\#(port),"unit":1}"#)
        let event = try JSONSerialization.jsonObject(with: Data(watch.outputLines[1].utf8)) as? [String: Any]
        #expect(event?["event"] as? String == "connected", "\(watch)")
    }

    @Test func outboxListingsSayWhenTheyAreEmptyAndTakeJSON() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-outbox-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try await SQLiteOutboxStore.open(path: path, logger: Self.logger)
        try await store.close()

        let dead = try await MTCProcess.run(["outbox", "dead", "--database", path])
        #expect(dead.status == 0, "\(dead)")
        #expect(dead.outputLines == ["no dead letters"])

        let deadJSON = try await MTCProcess.run(["outbox", "dead", "--database", path, "--json"])
        #expect(deadJSON.status == 0, "\(deadJSON)")
        #expect(deadJSON.standardOutput.isEmpty)
        #expect(deadJSON.errorLines == ["no dead letters"])

        let stats = try await MTCProcess.run(["outbox", "stats", "--database", path, "--json"])
        #expect(stats.status == 0, "\(stats)")
        #expect(stats.outputLines == [#"{"dead":0,"inFlight":0,"pending":0,"sent":0}"#])
    }

    @Test func versionIsPrinted() async throws {
        let result = try await MTCProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.outputLines == ["mtc 0.1.0 (MTConnect Core SDK)"])
    }
}
