import Benchmark
import BareModbusLoop
import Logging
import ModbusClient
import ModbusSimulator

/// All benchmarks read DI0–DI11 (function 02) from the same kind of in-process ADAM-6050
/// simulator over loopback, one request at a time, in the same run. The bare C loop is the
/// floor of this design (libmodbus with nothing around it). ModbusClient from an ordinary
/// task adds the hand-off to its device thread and back; ModbusClient from a task on the
/// device thread (`withDeviceThread`, what the poller does) calls libmodbus directly.
/// Goal: ModbusTCPClient ≥ 80% of the bare loop's round trips per second.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 30
    )
    let logger = Logger(label: "benchmark")

    Benchmark(
        "Floor: bare C libmodbus read-discrete-inputs round trips (1k per iteration)",
        configuration: configuration
    ) { benchmark in
        let simulator = ADAM6050Simulator(logger: logger)
        defer { simulator.stop() }
        guard let port = try? simulator.start(), let bare = mtc_bare_modbus_open("127.0.0.1", Int32(port)) else {
            fatalError("cannot start the simulator or connect to it")
        }
        defer { mtc_bare_modbus_close(bare) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(mtc_bare_modbus_read_inputs(bare, 1))
        }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "ModbusClient read-discrete-inputs round trips from a task on the pool (1k per iteration; goal ≥ 80% of the floor)",
        configuration: configuration
    ) { benchmark in
        let simulator = ADAM6050Simulator(logger: logger)
        defer { simulator.stop() }
        guard let port = try? simulator.start() else {
            fatalError("cannot start the simulator")
        }
        let client = ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: logger)
        // Connect outside the measurement, as the bare loop does.
        _ = try await client.readDiscreteInputs(address: 0, count: 12)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await client.readDiscreteInputs(address: 0, count: 12))
        }
        benchmark.stopMeasurement()
        await client.close()
    }

    Benchmark(
        "ModbusClient read-discrete-inputs round trips on the device thread (1k per iteration; goal ≥ 80% of the floor)",
        configuration: configuration
    ) { benchmark in
        let simulator = ADAM6050Simulator(logger: logger)
        defer { simulator.stop() }
        guard let port = try? simulator.start() else {
            fatalError("cannot start the simulator")
        }
        let client = ModbusTCPClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: logger)
        try await client.withDeviceThread {
            _ = try await client.readDiscreteInputs(address: 0, count: 12)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try await client.readDiscreteInputs(address: 0, count: 12))
            }
            benchmark.stopMeasurement()
        }
        await client.close()
    }
}
