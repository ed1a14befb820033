// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mtconnect-core",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MTConnectModel", targets: ["MTConnectModel"]),
        .executable(name: "mtc", targets: ["MTConnectCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.7.0"),
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

        // MARK: MTConnectCoreAPI (generated from openapi.yaml; package access only)
        .target(
            name: "MTConnectCoreAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        // MARK: mtc
        .executableTarget(
            name: "MTConnectCLI",
            dependencies: [
                "MTConnectModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
