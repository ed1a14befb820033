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

/// Each fuzz target and the library whose code it reads bytes with.
let fuzzTargets: [(name: String, library: String)] = [
    ("FuzzXMLReader", "MTConnectModel"),
    ("FuzzSHDR", "MTConnectModel"),
    ("FuzzMultipart", "MTConnectAgent"),
    ("FuzzFingerprint", "IdempotencyKit"),
    ("FuzzExtBody", "ReferenceServer"),
    ("FuzzIngestBody", "ReferenceServer"),
]

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
    ] + fuzzTargets.map { name, library in
        .executableTarget(
            name: name,
            dependencies: ["FuzzSupport", .product(name: library, package: "mtconnect-core")],
            linkerSettings: libFuzzer
        )
    },
    swiftLanguageModes: [.v6]
)
