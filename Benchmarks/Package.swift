// swift-tools-version:6.1
import PackageDescription

// SwiftPM names a path dependency after its folder, and a clone may live in any folder.
let root = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "mtconnect-core")

/// A benchmark executable in `Benchmarks/<name>` run by package-benchmark's plugin.
func benchmark(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark")] + dependencies,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

// A package of its own so that the benchmark harness (and its malloc interposer) never
// reaches users of the libraries. Run with `swift package benchmark` from this folder.
let package = Package(
    name: "mtconnect-core-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.25.0"),
    ],
    targets: [
        benchmark("MTConnectModelBenchmarks", [
            .product(name: "MTConnectModel", package: root),
        ]),

        // The floor for ModbusClient: the same round trips through libmodbus from C.
        .target(
            name: "BareModbusLoop",
            path: "Benchmarks/BareModbusLoop",
            linkerSettings: [.linkedLibrary("modbus")]
        ),
        benchmark("ModbusClientBenchmarks", [
            "BareModbusLoop",
            .product(name: "ModbusClient", package: root),
            .product(name: "ModbusSimulator", package: root),
            .product(name: "Logging", package: "swift-log"),
        ]),

        benchmark("OutboxBenchmarks", [
            .product(name: "OutboxKit", package: root),
            .product(name: "OutboxKafka", package: root),
            .product(name: "KafkaKitTesting", package: root),
        ]),
        benchmark("MongoKitBenchmarks", [
            .product(name: "MongoKit", package: root),
        ]),

        benchmark("IdempotencyKitBenchmarks", [
            .product(name: "IdempotencyKit", package: root),
            .product(name: "Logging", package: "swift-log"),
        ]),
        benchmark("IdempotencyRedisBenchmarks", [
            .product(name: "IdempotencyKit", package: root),
            .product(name: "IdempotencyRedis", package: root),
            .product(name: "RedisKit", package: root),
            .product(name: "RedisKitTesting", package: root),
        ]),

        benchmark("MTConnectAgentBenchmarks", [
            .product(name: "MTConnectAgent", package: root),
            .product(name: "MTConnectModel", package: root),
            .product(name: "MTConnectAgentSimulator", package: root),
        ]),

        benchmark("ReferenceServerBenchmarks", [
            .product(name: "ReferenceServer", package: root),
        ]),

        // Not a package-benchmark target: a load generator for a running mtc-server
        // (scripts/loadtest.sh builds both in release and runs it).
        .executableTarget(
            name: "LoadGenerator",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "LoadGenerator"
        ),
    ],
    swiftLanguageModes: [.v6]
)
