import NIOCore
import NIOHTTP1

/// Serves one connection: answers polls, and runs a stream's ticks on the channel's event loop.
///
/// All state lives on the event loop; documents come from ``AgentSimulator``, whose methods
/// take its lock only briefly, so the loop never blocks.
final class SimulatorHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let simulator: AgentSimulator
    private let boundary: String
    private var uri: String?
    private var keepAlive = true
    private var stream: StreamPlan?
    private var lastSend = NIODeadline.now()
    private var context: ChannelHandlerContext?

    init(simulator: AgentSimulator) {
        self.simulator = simulator
        self.boundary = "mtc" + String(UInt64.random(in: .min ... .max), radix: 16)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        simulator.register(context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        stream = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        simulator.unregister(context.channel)
        stream = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            guard let uri, stream == nil else { return }
            self.uri = nil
            handle(SimulatorRequest(uri: uri), context: context)
        }
    }

    private func handle(_ request: SimulatorRequest, context: ChannelHandlerContext) {
        switch simulator.respond(to: request) {
        case .noAnswer:
            break
        case .document(let status, let xml):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/xml;charset=UTF-8")
            headers.add(name: "Content-Length", value: String(xml.utf8.count))
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: xml)))), promise: nil)
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        case .stream(let plan):
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "multipart/\(simulator.configuration.multipartSubtype);boundary=\(boundary)")
            headers.add(name: "Transfer-Encoding", value: "chunked")
            let head = HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)
            context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
            stream = plan
            lastSend = .now()
            schedule(after: .zero)
        }
    }

    private func schedule(after delay: TimeAmount) {
        guard let context else { return }
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
            tick()
        }
    }

    private func tick() {
        guard var plan = stream, let context, context.channel.isActive else { return }
        guard context.channel.isWritable else {
            // The client reads slower than we produce: wait instead of buffering without bound.
            schedule(after: .milliseconds(2))
            return
        }
        let idleDelay = TimeAmount.milliseconds(Int64(min(max(plan.interval, 10), plan.heartbeat)))
        switch simulator.tick(plan) {
        case .stalled:
            schedule(after: .milliseconds(10))
            return
        case .error(let xml):
            writePart(xml, context: context)
            stream = nil
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "--\(boundary)--\r\n")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
            return
        case .data(let xml, let next, let full):
            writePart(xml, context: context)
            plan.cursor = next
            lastSend = .now()
            stream = plan
            schedule(after: full ? .zero : .milliseconds(Int64(max(plan.interval, 1))))
        case .idle(let next):
            plan.cursor = next
            stream = plan
            if NIODeadline.now() - lastSend >= .milliseconds(Int64(plan.heartbeat)) {
                writePart(simulator.heartbeatDocument(next: next), context: context)
                lastSend = .now()
            }
            schedule(after: idleDelay)
        }
    }

    private func writePart(_ xml: String, context: ChannelHandlerContext) {
        let configuration = simulator.configuration
        var part = "--\(boundary)\r\nContent-type: text/xml\r\n"
        if configuration.partsCarryContentLength {
            part += "Content-length: \(xml.utf8.count)\r\n"
        }
        part += "\r\n" + xml + "\r\n"
        let bytes = ByteBuffer(string: part)
        guard let chunkSize = configuration.streamChunkSize, chunkSize > 0 else {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
            return
        }
        var remaining = bytes
        while let chunk = remaining.readSlice(length: min(chunkSize, remaining.readableBytes)), chunk.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
        }
    }
}
