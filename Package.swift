// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mtconnect-core",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MTConnectModel", targets: ["MTConnectModel"]),
        .executable(name: "mtc", targets: ["MTConnectCLI"]),
        .library(name: "MTConnectAgent", targets: ["MTConnectAgent"]),
        .library(name: "MTConnectAgentSimulator", targets: ["MTConnectAgentSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.20.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.25.0"),
        .package(url: "https://github.com/apple/swift-async-algorithms.git", from: "1.0.0"),
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
                "MTConnectAgent",
                "MTConnectAgentSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
                "MTConnectModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
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
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
