import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes written to a loopback port exactly as given (malformed HTTP included), and what came
/// back until the server closed the connection or `timeout` passed. The blocking socket calls
/// run on a thread of their own, never on the cooperative pool.
func rawExchange(port: Int, _ request: [UInt8], timeout: Duration = .seconds(5)) async -> (reply: String, closed: Bool) {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: blockingExchange(port: port, request, timeout: timeout))
        }
    }
}

private func blockingExchange(port: Int, _ request: [UInt8], timeout: Duration) -> (reply: String, closed: Bool) {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { return ("", false) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard connected else { return ("", false) }
    let seconds = timeout.components.seconds
    var limit = timeval(tv_sec: Int(seconds), tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var offset = 0
    while offset < request.count {
        let written = request[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        // The server may answer and close before the whole request is written.
        if written <= 0 { break }
        offset += written
    }
    var reply: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 16 * 1024)
    while true {
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count == 0 { return (String(decoding: reply, as: UTF8.self), true) }
        if count < 0 { return (String(decoding: reply, as: UTF8.self), errno == ECONNRESET) }
        reply.append(contentsOf: buffer[0..<count])
    }
}
