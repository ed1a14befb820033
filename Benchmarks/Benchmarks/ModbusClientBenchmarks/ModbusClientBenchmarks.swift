import Benchmark
import BareModbusLoop
import Logging
import ModbusClient
import ModbusSimulator

/// Both benchmarks read DI0–DI11 (function 02) from the same in-process ADAM-6050 simulator
/// over loopback, one request at a time. The bare C loop is the floor of this design (libmodbus
/// with nothing around it); ModbusClient adds its job queue, device thread and continuation
/// hop. Goal: ModbusClient ≥ 80% of the bare loop's round trips per second.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.throughput, .wallClock],
        scalingFactor: .kilo,
        maxDuration: .seconds(5),
        maxIterations: 30
    )

    Benchmark(
        "Floor: bare C libmodbus read-discrete-inputs round trips (1k per iteration)",
        configuration: configuration
    ) { benchmark in
        let simulator = ADAM6050Simulator(logger: Logger(label: "benchmark"))
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
        "ModbusClient read-discrete-inputs round trips (1k per iteration; goal ≥ 80% of the floor)",
        configuration: configuration
    ) { benchmark in
        let simulator = ADAM6050Simulator(logger: Logger(label: "benchmark"))
        defer { simulator.stop() }
        guard let port = try? simulator.start() else {
            fatalError("cannot start the simulator")
        }
        let client = ModbusClient(configuration: ModbusClientConfiguration(host: "127.0.0.1", port: port), logger: Logger(label: "benchmark"))
        // Connect outside the measurement, as the bare loop does.
        _ = try await client.readDiscreteInputs(address: 0, count: 12)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await client.readDiscreteInputs(address: 0, count: 12))
        }
        benchmark.stopMeasurement()
        await client.close()
    }
}
