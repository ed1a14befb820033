// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mtconnect-core",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MTConnectModel", targets: ["MTConnectModel"]),
        .executable(name: "mtc", targets: ["MTConnectCLI"]),
        .library(name: "ModbusClient", targets: ["ModbusClient"]),
        .library(name: "ModbusSimulator", targets: ["ModbusSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
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
            dependencies: ["MTConnectModel"],
            resources: [.copy("Fixtures")]
        ),

        // MARK: mtc
        .executableTarget(
            name: "MTConnectCLI",
            dependencies: [
                "MTConnectModel",
                "ModbusClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: ModbusClient
        .systemLibrary(
            name: "CModbus",
            pkgConfig: "libmodbus",
            providers: [.apt(["libmodbus-dev"])]
        ),
        .target(
            name: "ModbusClient",
            dependencies: [
                "CModbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ModbusSimulator",
            dependencies: [
                "CModbus",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ModbusClientTests",
            dependencies: [
                "ModbusClient",
                "ModbusSimulator",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
