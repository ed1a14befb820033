import Foundation

/// A listening TCP socket on 127.0.0.1, written by hand because libmodbus's
/// `modbus_tcp_listen` does not report the port the system picked for port 0.
///
/// Owned by the simulator's accept thread, which closes it.
final class LoopbackListener: Sendable {
    let port: Int
    private let descriptor: Int32

    init(port: Int) throws(SimulatorError) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw SimulatorError(message: "cannot create a TCP socket: \(Self.lastError())")
        }
        var reuse: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let error = Self.lastError()
            Foundation.close(descriptor)
            throw SimulatorError(message: "cannot listen on 127.0.0.1:\(port): \(error); choose another port or 0 for any free one")
        }

        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            let error = Self.lastError()
            Foundation.close(descriptor)
            throw SimulatorError(message: "cannot read the listening port: \(error)")
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits up to `timeoutMilliseconds` for a client; returns its socket, or `nil`.
    func accept(timeoutMilliseconds: Int32) -> Int32? {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, timeoutMilliseconds) > 0 else { return nil }
        let client = Foundation.accept(descriptor, nil, nil)
        guard client >= 0 else { return nil }
        // Not inherited by processes the host spawns (they would keep the connection open).
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return client
    }

    func close() {
        Foundation.close(descriptor)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
