#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A TCP port on 127.0.0.1 that refuses connections for as long as it is held, for tests that
/// need a peer to be absent.
///
/// Its socket is bound and never listens: a connection gets "connection refused", and while
/// the socket is open no other listener — another test's server running in parallel — can be
/// given the port. (Closing the socket and returning the number, as a plain "free port" helper
/// does, leaves that window open: a parallel test's listener took such a port and answered.)
public final class RefusingLoopbackPort: Sendable {
    /// The system call that failed while reserving the port.
    public struct Failure: Error {
        public let step: String
    }

    /// The reserved port.
    public let port: Int
    private let descriptor: Mutex<Int32?>

    /// Binds a socket to a free port on 127.0.0.1 below the system's ephemeral range.
    ///
    /// Below that range, so that a test which frees the port to start its peer there (a device
    /// that "comes back") keeps it: ports that listeners bound to port 0 and outgoing
    /// connections are given all come from the ephemeral range, never from here.
    public init() throws(Failure) {
        // 10,000–19,999: below the ephemeral range, and apart from the 20,000–32,000 where
        // RedisTestServer starts its servers.
        let below = min(Self.ephemeralRangeStart() ?? 32_768, 20_000)
        var candidates = Array(10_000..<max(10_001, below))
        candidates.shuffle()
        for candidate in candidates.prefix(200) {
            if let descriptor = try? Self.bound(port: candidate) {
                self.port = candidate
                self.descriptor = Mutex(descriptor)
                return
            }
        }
        let descriptor = try Self.bound(port: 0)
        self.port = try Self.boundPort(descriptor)
        self.descriptor = Mutex(descriptor)
    }

    /// The first port of `ip_local_port_range` (Linux), where bind(0) and connect() take ports.
    private static func ephemeralRangeStart() -> Int? {
        #if os(Linux)
        guard let file = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).first,
              let low = Int(first), low > 10_001
        else { return nil }
        return low
        #else
        return 49_152
        #endif
    }

    private static func bound(port: Int) throws(Failure) -> Int32 {
        // Close-on-exec: a process another test spawns meanwhile must not inherit the socket
        // and keep the port bound after `close()`.
        #if os(Linux)
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, type, 0)
        guard descriptor >= 0 else { throw Failure(step: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            closeSocket(descriptor)
            throw Failure(step: "bind")
        }
        return descriptor
    }

    private static func boundPort(_ descriptor: Int32) throws(Failure) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            closeSocket(descriptor)
            throw Failure(step: "getsockname")
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Frees the port, e.g. to start a server on it; later calls do nothing.
    public func close() {
        if let descriptor = descriptor.withLock({ $0.take() }) { closeSocket(descriptor) }
    }

    deinit {
        close()
    }
}

/// `close(2)`, out of reach of the class's own `close()`.
private func closeSocket(_ descriptor: Int32) {
    _ = close(descriptor)
}
