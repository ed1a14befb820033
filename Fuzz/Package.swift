// swift-tools-version:6.1
import PackageDescription

// Coverage-guided fuzz targets for the parsers and decoders that read untrusted bytes.
// scripts/fuzz.sh builds them with AddressSanitizer and libFuzzer's coverage on every module:
//   swift build -c release --package-path Fuzz \
//       -Xswiftc -sanitize=address -Xswiftc -Xfrontend -Xswiftc -sanitize=fuzzer
// `-sanitize=fuzzer` goes to the frontend only, because the build-time tools (the OpenAPI
// generator) are built with the same flags and would not link against libFuzzer; only the
// fuzz executables link it. Each one's main hands LLVMFuzzerTestOneInput to libFuzzer's driver.
let libFuzzer: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer"])]

let package = Package(
    name: "mtconnect-core-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // `mtconnect-core` is a symlink to `..`: a path dependency's identity is its folder's
        // name, and `..` is named after wherever the repository was cloned (a worktree named
        // `fuzz` would even clash with this package's own identity).
        .package(path: "mtconnect-core"),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
        .executableTarget(
            name: "FuzzXMLReader",
            dependencies: ["FuzzSupport", .product(name: "MTConnectModel", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
        .executableTarget(
            name: "FuzzSHDR",
            dependencies: ["FuzzSupport", .product(name: "MTConnectModel", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
        .executableTarget(
            name: "FuzzMultipart",
            dependencies: ["FuzzSupport", .product(name: "MTConnectAgent", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
        .executableTarget(
            name: "FuzzFingerprint",
            dependencies: ["FuzzSupport", .product(name: "IdempotencyKit", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
        .executableTarget(
            name: "FuzzExtBody",
            dependencies: ["FuzzSupport", .product(name: "ReferenceServer", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
        .executableTarget(
            name: "FuzzIngestBody",
            dependencies: ["FuzzSupport", .product(name: "ReferenceServer", package: "mtconnect-core")],
            linkerSettings: libFuzzer
        ),
    ],
    swiftLanguageModes: [.v6]
)
