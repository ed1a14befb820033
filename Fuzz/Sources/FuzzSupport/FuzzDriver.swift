import CFuzzerDriver
#if canImport(Glibc)
import Glibc
#endif

/// Starts libFuzzer with the process's arguments and exits with its code.
public func runFuzzer(_ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    exit(mtc_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, callback))
}

/// The bytes libFuzzer hands over, copied into an array.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}
