import Foundation
import Metrics
import MetricsTestKit
import ModbusClient
import ModbusSimulator
import Testing
import TestSupport

@Suite("Metrics through swift-metrics")
struct MetricsTests {
    /// A simulator and a client reporting to `metrics`; the device dimension is returned too.
    private func withMeasuredDevice(
        _ metrics: TestMetrics,
        client adjust: (inout ModbusClientConfiguration) -> Void = { _ in },
        _ body: (ADAM6050Simulator, ModbusTCPClient, _ device: String) async throws -> Void
    ) async throws {
        let simulator = ADAM6050Simulator(logger: testLogger)
        let port = try simulator.start()
        defer { simulator.stop() }
        var configuration = ModbusClientConfiguration(
            host: "127.0.0.1", port: port, connectTimeout: .seconds(2), responseTimeout: .milliseconds(500)
        )
        adjust(&configuration)
        let client = ModbusTCPClient(configuration: configuration, logger: testLogger, metricsFactory: metrics)
        do {
            try await body(simulator, client, "127.0.0.1:\(port)/1")
        } catch {
            await client.close()
            throw error
        }
        await client.close()
    }

    @Test func everyRequestIsCountedAndTimedByFunction() async throws {
        let metrics = TestMetrics()
        try await withMeasuredDevice(metrics) { _, client, device in
            for _ in 0..<3 {
                _ = try await client.readDiscreteInputs(address: 0, count: 12)
            }
            try await client.writeSingleCoil(address: 16, on: true)
            _ = try await client.readWriteMultipleRegisters(writeAddress: 40, values: [1, 2], readAddress: 40, readCount: 2)

            let reads = try metrics.expectCounter("modbus_requests_total", [("function", "read_discrete_inputs"), ("device", device)])
            let writes = try metrics.expectCounter("modbus_requests_total", [("function", "write_single_coil"), ("device", device)])
            let readWrites = try metrics.expectCounter(
                "modbus_requests_total", [("function", "read_write_multiple_registers"), ("device", device)]
            )
            #expect(reads.totalValue == 3)
            #expect(writes.totalValue == 1)
            #expect(readWrites.totalValue == 1)
            let timer = try metrics.expectTimer("modbus_request_duration_seconds", [("function", "read_discrete_inputs"), ("device", device)])
            #expect(timer.values.count == 3)
            #expect(timer.values.allSatisfy { $0 > 0 && $0 < 5_000_000_000 })
            #expect(metrics.counterTotal(label: "modbus_request_errors_total") == 0)
            #expect(metrics.counterTotal(label: "modbus_reconnects_total") == 0)
        }
    }

    @Test func exceptionsAreCountedWithTheirCode() async throws {
        let metrics = TestMetrics()
        try await withMeasuredDevice(metrics) { simulator, client, device in
            simulator.faults.exceptionCode = ModbusExceptionCode.serverDeviceBusy.rawValue
            _ = try? await client.readHoldingRegisters(address: 0, count: 2)
            _ = try? await client.readHoldingRegisters(address: 0, count: 2)
            let errors = try metrics.expectCounter("modbus_request_errors_total", [
                ("function", "read_holding_registers"), ("kind", "exception"), ("reason", "server_device_busy"), ("device", device),
            ])
            #expect(errors.totalValue == 2)
        }
    }

    @Test func timeoutsAreCountedApartFromTransportErrors() async throws {
        let metrics = TestMetrics()
        try await withMeasuredDevice(metrics, client: { $0.responseTimeout = .milliseconds(100) }) { simulator, client, device in
            simulator.faults = SimulatorFaults(replyDelay: .milliseconds(300), delayedReplyLimit: 1)
            _ = try? await client.readCoils(address: 16, count: 6)
            let timeouts = try metrics.expectCounter("modbus_request_errors_total", [
                ("function", "read_coils"), ("kind", "timeout"), ("reason", "timeout"), ("device", device),
            ])
            #expect(timeouts.totalValue == 1)
            #expect(metrics.counters(label: "modbus_request_errors_total").count == 1)
        }
    }

    @Test func aDroppedConnectionCountsAsATransportErrorAndAReconnect() async throws {
        let metrics = TestMetrics()
        try await withMeasuredDevice(metrics, client: { $0.retryOnConnectionLoss = false }) { simulator, client, device in
            simulator.faults.closeAfterRequests = 1
            _ = try await client.readCoils(address: 16, count: 6)
            try await Task.sleep(for: .milliseconds(100))
            _ = try? await client.readCoils(address: 16, count: 6)
            _ = try await client.readCoils(address: 16, count: 6)

            let lost = try metrics.expectCounter("modbus_request_errors_total", [
                ("function", "read_coils"), ("kind", "transport"), ("reason", "connection_lost"), ("device", device),
            ])
            #expect(lost.totalValue == 1)
            #expect(try metrics.expectCounter("modbus_reconnects_total", [("device", device)]).totalValue == 1)
            #expect(try metrics.expectCounter("modbus_requests_total", [("function", "read_coils"), ("device", device)]).totalValue == 3)
        }
    }

    @Test func anUnreachableDeviceCountsConnectionFailures() async throws {
        let metrics = TestMetrics()
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let configuration = ModbusClientConfiguration(host: "127.0.0.1", port: port, connectTimeout: .seconds(1))
        let client = ModbusTCPClient(configuration: configuration, logger: testLogger, metricsFactory: metrics)
        _ = try? await client.readDiscreteInputs(address: 0, count: 12)
        await client.close()
        let failures = try metrics.expectCounter("modbus_request_errors_total", [
            ("function", "read_discrete_inputs"), ("kind", "transport"), ("reason", "connection_failed"), ("device", "127.0.0.1:\(port)/1"),
        ])
        #expect(failures.totalValue == 1)
        #expect(metrics.counterTotal(label: "modbus_reconnects_total") == 0)
    }
}
