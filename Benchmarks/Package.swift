// swift-tools-version:6.1
import PackageDescription

// SwiftPM names a path dependency after its folder, and a clone may live in any folder.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "mtconnect-core")

// A package of its own so that the benchmark harness (and its malloc interposer) never
// reaches users of the libraries. Run with `swift package benchmark` from this folder.
let package = Package(
    name: "mtconnect-core-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        // MARK: IdempotencyKit
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "MTConnectModelBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MTConnectModel", package: root),
            ],
            path: "Benchmarks/MTConnectModelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // MARK: OutboxKit
        .executableTarget(
            name: "OutboxBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OutboxKit", package: root),
                .product(name: "OutboxKafka", package: root),
            ],
            path: "Benchmarks/OutboxBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: IdempotencyKit
        .executableTarget(
            name: "IdempotencyKitBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "IdempotencyKit", package: root),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/IdempotencyKitBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: ModbusClient
        .target(
            name: "BareModbusLoop",
            path: "Benchmarks/BareModbusLoop",
            linkerSettings: [.linkedLibrary("modbus")]
        ),
        .executableTarget(
            name: "ModbusClientBenchmarks",
            dependencies: [
                "BareModbusLoop",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ModbusClient", package: root),
                .product(name: "ModbusSimulator", package: root),
            ],
            path: "Benchmarks/ModbusClientBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // MARK: MTConnectAgent
        .executableTarget(
            name: "MTConnectAgentBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MTConnectAgent", package: root),
                .product(name: "MTConnectAgentSimulator", package: root),
            ],
            path: "Benchmarks/MTConnectAgentBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
