import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A loopback server that answers from a script: each request takes the next scripted reply
/// and is recorded, so tests see exactly what the client sent on every attempt.
final class FlakyServer: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields = [:]
        var body: String = ""
    }

    struct Received: Sendable {
        var path: String
        var headers: HTTPFields
        var body: [UInt8]
    }

    private let script: Mutex<[Reply]>
    private let log = Mutex<[Received]>([])

    init(_ replies: [Reply]) {
        script = Mutex(replies)
    }

    var received: [Received] { log.withLock { $0 } }

    /// Runs `body` with the server's base URL, then stops the server.
    func run<T: Sendable>(_ body: @Sendable (URL) async throws -> T) async throws -> T {
        let router = Router()
        router.post("**") { request, _ in try await self.reply(to: request) }
        router.get("**") { request, _ in try await self.reply(to: request) }
        let port = PortBox()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { port.set($0.localAddress?.port ?? 0) },
            logger: Logger(label: "flaky", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "flaky", factory: { _ in SwiftLogNoOpLogHandler() })))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            let bound = try await port.wait()
            let result = try await body(URL(string: "http://127.0.0.1:\(bound)")!)
            await group.triggerGracefulShutdown()
            return result
        }
    }

    private func reply(to request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        log.withLock { $0.append(Received(path: request.uri.path, headers: request.headers, body: Array(body.readableBytesView))) }
        let reply = script.withLock { $0.isEmpty ? Reply(status: .internalServerError, body: "script exhausted") : $0.removeFirst() }
        var headers = reply.headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return Response(status: reply.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// The bound port, handed from the server's start-up callback to the test.
final class PortBox: Sendable {
    private let value = Mutex<Int?>(nil)

    func set(_ port: Int) { value.withLock { $0 = port } }

    func wait() async throws -> Int {
        for _ in 0..<1000 {
            if let port = value.withLock({ $0 }) { return port }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }
}

/// Records the waits the retry policy asks for instead of sleeping.
final class SleepRecorder: Sendable {
    private let log = Mutex<[Duration]>([])

    var delays: [Duration] { log.withLock { $0 } }

    func record(_ duration: Duration) { log.withLock { $0.append(duration) } }
}
