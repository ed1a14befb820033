// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mtconnect-core",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MTConnectModel", targets: ["MTConnectModel"]),
        .library(name: "ModbusClient", targets: ["ModbusClient"]),
        .library(name: "ModbusSimulator", targets: ["ModbusSimulator"]),
        .library(name: "OutboxKit", targets: ["OutboxKit"]),
        .library(name: "OutboxKitConformance", targets: ["OutboxKitConformance"]),
        .library(name: "OutboxKafka", targets: ["OutboxKafka"]),
        .library(name: "KafkaKitTesting", targets: ["KafkaKitTesting"]),
        .library(name: "MongoKit", targets: ["MongoKit"]),
        .library(name: "OutboxMongo", targets: ["OutboxMongo"]),
        .library(name: "IdempotencyKit", targets: ["IdempotencyKit"]),
        .library(name: "IdempotencyKitConformance", targets: ["IdempotencyKitConformance"]),
        .library(name: "RedisKit", targets: ["RedisKit"]),
        .library(name: "RedisKitTesting", targets: ["RedisKitTesting"]),
        .library(name: "IdempotencyRedis", targets: ["IdempotencyRedis"]),
        .library(name: "MTConnectAgent", targets: ["MTConnectAgent"]),
        .library(name: "MTConnectAgentSimulator", targets: ["MTConnectAgentSimulator"]),
        .library(name: "MTConnectCoreClient", targets: ["MTConnectCoreClient"]),
        .library(name: "ReferenceServer", targets: ["ReferenceServer"]),
        .executable(name: "mtc", targets: ["MTConnectCLI"]),
        .executable(name: "mtc-server", targets: ["MTCServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // jwt-kit 5.7 and later (the only ones here) need swift-crypto 4: both majors are admitted.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.0.0"),
    ],
    targets: [
        // MARK: Shared test support (not a product)
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        // MARK: Shared plumbing (not products; any library may depend on them)
        // What several libraries need once: the backoff policy (public, re-exported by each
        // library that takes one), the dedicated thread for a C context, Duration, Date and hex
        // conversions (package access, so they never reach a library's public API).
        .target(name: "_MTCSupport"),
        // The SQLite (GRDB) helpers of the libraries with a SQLite store, apart so that
        // libraries without one never build GRDB.
        .target(
            name: "_MTCSQLiteSupport",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "MTCSupportTests",
            dependencies: ["_MTCSupport"]
        ),
        // Every library product in one file: fails to compile when two export the same name.
        .testTarget(
            name: "AllLibrariesTests",
            dependencies: [
                "IdempotencyKit", "IdempotencyKitConformance", "IdempotencyRedis", "MTConnectAgent",
                "MTConnectAgentSimulator", "MTConnectCoreClient", "MTConnectModel", "ModbusClient",
                "ModbusSimulator", "MongoKit", "KafkaKitTesting", "OutboxKafka", "OutboxKit", "OutboxKitConformance",
                "OutboxMongo", "RedisKit", "RedisKitTesting", "ReferenceServer",
            ]
        ),

        // MARK: MTConnectModel
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "MTConnectModel",
            dependencies: ["CLibXML2"]
        ),
        .testTarget(
            name: "MTConnectModelTests",
            dependencies: ["MTConnectModel", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),

        // MARK: MTConnectCoreAPI (generated from openapi.yaml; package access only)
        .target(
            name: "MTConnectCoreAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            resources: [.copy("openapi.yaml")],
            // The generated files import at `package` level; without this, the plain imports of
            // the hand-written file and of SwiftPM's resource accessor are ambiguous.
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        // MARK: OutboxKit
        .target(
            name: "OutboxKit",
            dependencies: [
                "_MTCSupport",
                "_MTCSQLiteSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "OutboxKitConformance",
            dependencies: ["OutboxKit"]
        ),
        .testTarget(
            name: "OutboxKitTests",
            dependencies: [
                "OutboxKit",
                "OutboxKitConformance",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "KafkaKit",
            dependencies: [
                "_MTCSupport",
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // librdkafka's mock cluster and a test consumer, for tests and benchmarks only: apart
        // from KafkaKit so that a library user never links them by accident.
        .target(
            name: "KafkaKitTesting",
            dependencies: ["_MTCSupport", "CRdKafka", "KafkaKit"]
        ),
        .target(
            name: "OutboxKafka",
            dependencies: [
                "_MTCSupport",
                "OutboxKit",
                "KafkaKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "OutboxKafkaTests",
            dependencies: [
                "OutboxKafka",
                "KafkaKit",
                "KafkaKitTesting",
                "OutboxKit",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: mtc
        .executableTarget(
            name: "MTConnectCLI",
            dependencies: [
                "_MTCSupport",
                "MTConnectModel",
                "ModbusClient",
                "OutboxKit",
                "MongoKit",
                "IdempotencyKit",
                "MTConnectAgent",
                "MTConnectAgentSimulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: ModbusClient
        .systemLibrary(
            name: "CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),
        // The one wrapper of libmodbus, for client and server contexts alike.
        .target(
            name: "_LibModbus",
            dependencies: ["CModbus"]
        ),
        .target(
            name: "ModbusClient",
            dependencies: [
                "_MTCSupport",
                "_LibModbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ModbusSimulator",
            dependencies: [
                "_MTCSupport",
                "_LibModbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ModbusClientTests",
            dependencies: [
                "ModbusClient",
                "ModbusSimulator",
                "TestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `mtc` commands, tested in process (`@testable import MTConnectCLI`) and as the
        // `mtc` binary built beside the test bundle.
        .testTarget(
            name: "MTConnectCLITests",
            dependencies: [
                "MTConnectCLI",
                "ModbusClient",
                "ModbusSimulator",
                "OutboxKit",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: MongoKit
        .systemLibrary(
            name: "CBSON",
            pkgConfig: "libbson-1.0",
            providers: [.apt(["libbson-dev"])]
        ),
        .systemLibrary(
            name: "CMongoC",
            pkgConfig: "libmongoc-1.0",
            providers: [.apt(["libmongoc-dev"])]
        ),
        .target(
            name: "MongoKit",
            dependencies: [
                "_MTCSupport",
                "CBSON",
                "CMongoC",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "MongoKitTests",
            dependencies: ["MongoKit", "TestSupport"]
        ),
        .target(
            name: "OutboxMongo",
            dependencies: [
                "_MTCSupport",
                "MongoKit",
                "OutboxKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "OutboxMongoTests",
            dependencies: ["OutboxMongo", "MongoKit", "OutboxKit", "OutboxKitConformance", "TestSupport"]
        ),

        // MARK: IdempotencyKit
        .target(
            name: "IdempotencyKit",
            dependencies: [
                "_MTCSupport",
                "_MTCSQLiteSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "IdempotencyKitConformance",
            dependencies: [
                "_MTCSupport",
                "IdempotencyKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "IdempotencyKitTests",
            dependencies: [
                "IdempotencyKit",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "IdempotencyKitConformance",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: RedisKit
        // No pkgConfig: hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM rejects with a
        // warning, and its headers and library are on the default search paths anyway.
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "RedisKit",
            dependencies: [
                "_MTCSupport",
                "CHiredis",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "RedisKitTesting",
            dependencies: [
                "RedisKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RedisKitTests",
            dependencies: ["RedisKit", "RedisKitTesting"]
        ),
        .target(
            name: "IdempotencyRedis",
            dependencies: [
                "_MTCSupport",
                "IdempotencyKit",
                "RedisKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "IdempotencyRedisTests",
            dependencies: [
                "IdempotencyKit",
                "IdempotencyKitConformance",
                "IdempotencyRedis",
                "RedisKit",
                "RedisKitTesting",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: MTConnectAgent
        .target(
            name: "MTConnectAgentSimulator",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ]
        ),
        .target(
            name: "MTConnectAgent",
            dependencies: [
                "_MTCSupport",
                "MTConnectModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "MTConnectAgentSimulatorTests",
            dependencies: [
                "MTConnectAgentSimulator",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MTConnectAgentTests",
            dependencies: [
                "MTConnectAgent",
                "MTConnectAgentSimulator",
                "MTConnectModel",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),

        // MARK: ReferenceServer
        .target(
            name: "ReferenceServer",
            dependencies: [
                "_MTCSupport",
                "MTConnectCoreAPI",
                "OutboxKit",
                "OutboxKafka",
                "IdempotencyKit",
                "ModbusClient",
                "MTConnectAgent",
                "MTConnectModel",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.copy("Resources/docs.html"), .copy("Resources/openapi.json")]
        ),
        .executableTarget(
            name: "MTCServer",
            dependencies: [
                "_MTCSupport",
                "ReferenceServer",
                "MTConnectCoreAPI",
                "MTConnectCoreClient",
                "ModbusSimulator",
                "MTConnectAgentSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "MTConnectCoreClient",
            dependencies: [
                "_MTCSupport",
                "MTConnectCoreAPI",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ReferenceServerTests",
            dependencies: [
                "ReferenceServer",
                .product(name: "CompressNIO", package: "compress-nio"),
                "TestSupport",
                "IdempotencyKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                "MTConnectCoreClient",
                "OutboxKit",
                "KafkaKit",
                "KafkaKitTesting",
                "ModbusSimulator",
                "MTConnectAgentSimulator",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "MTConnectCoreClientTests",
            dependencies: [
                "MTConnectCoreClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
