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

    /// Binds a socket to a port the system picks on 127.0.0.1.
    public init() throws(Failure) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(step: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            closeSocket(descriptor)
            throw Failure(step: "bind")
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            closeSocket(descriptor)
            throw Failure(step: "getsockname")
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.descriptor = Mutex(descriptor)
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
