import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// How long a connection may take for each part of its exchange, and how many may be open.
///
/// Without these, a client that sends a header byte per second holds a connection (and a file
/// descriptor) for as long as it likes, and about a thousand such clients exhaust the process's
/// descriptors so that nobody else is served.
public struct ConnectionLimits: Sendable, Equatable {
    /// From accepting a connection to its first complete request head.
    public var headerTimeout: Duration = .seconds(10)
    /// From a request head to the end of its body.
    public var bodyTimeout: Duration = .seconds(30)
    /// From the end of a response to the next complete request head on a kept-alive connection.
    public var idleTimeout: Duration = .seconds(60)
    /// Connections open at once. At the limit a new connection takes the place of the one that
    /// has waited longest without a complete request head (a slow or idle client); when every
    /// connection is busy with a request, the new one is closed at once.
    public var maximumConnections: Int

    /// The defaults; the connection limit leaves 128 of the process's descriptors (its soft
    /// `RLIMIT_NOFILE`) for the database, the relay and machine sources.
    public init() {
        maximumConnections = Self.defaultMaximumConnections()
    }

    static func defaultMaximumConnections() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < 1 << 31 else {
            return 10_000
        }
        return max(16, min(Int(limit.rlim_cur) - 128, 100_000))
    }
}

/// The open connections, shared by every connection's ``ConnectionGuardHandler``.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        /// Since when the connection waits for a request head; `nil` while it has one in progress.
        var waitingSince: NIODeadline?
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
    }

    let limits: ConnectionLimits
    private let state = Mutex(State())
    private let metrics: ServerMetrics?

    init(limits: ConnectionLimits, metrics: ServerMetrics?) {
        self.limits = limits
        self.metrics = metrics
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Registers a new connection; `false` when it must be closed because every open
    /// connection is busy. At the limit, the longest-waiting idle or slow connection is closed
    /// to make room.
    func admit(_ channel: any Channel) -> Bool {
        let (admitted, evicted): (Bool, (any Channel)?) = state.withLock { state in
            var evicted: (any Channel)?
            if state.entries.count >= limits.maximumConnections {
                guard let oldest = state.entries
                    .compactMap({ key, entry in entry.waitingSince.map { (key, entry.channel, $0) } })
                    .min(by: { $0.2 < $1.2 })
                else { return (false, nil) }
                state.entries[oldest.0] = nil
                evicted = oldest.1
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, waitingSince: .now())
            return (true, evicted)
        }
        if let evicted {
            metrics?.connectionsClosed(reason: "evicted")
            evicted.close(promise: nil)
        }
        if !admitted { metrics?.connectionsClosed(reason: "limit") }
        return admitted
    }

    func startedRequest(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.waitingSince = nil }
    }

    func finishedResponse(_ channel: any Channel) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.waitingSince = .now() }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Enforces ``ConnectionLimits`` on one HTTP/1.1 connection: the connection limit when it
/// opens, then a deadline for whatever the client owes next (a request head, the rest of a body,
/// the next request after a response). A missed deadline closes the connection.
///
/// Runs on the connection's event loop, as NIO handlers do; it sits after the HTTP decoder and
/// sees whole request heads.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private var deadline: Scheduled<Void>?
    private var registered = false

    init(registry: ConnectionRegistry) {
        self.registry = registry
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { opened(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            registry.startedRequest(context.channel)
            schedule(context, after: registry.limits.bodyTimeout, reason: "body")
        case .body:
            break
        case .end:
            cancelDeadline()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            registry.finishedResponse(context.channel)
            schedule(context, after: registry.limits.idleTimeout, reason: "idle")
        }
        context.write(data, promise: promise)
    }

    private func opened(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        guard registry.admit(context.channel) else {
            context.close(promise: nil)
            return
        }
        schedule(context, after: registry.limits.headerTimeout, reason: "header")
    }

    private func closed(_ context: ChannelHandlerContext) {
        cancelDeadline()
        if registered {
            registered = false
            registry.remove(context.channel)
        }
    }

    private func schedule(_ context: ChannelHandlerContext, after timeout: Duration, reason: String) {
        cancelDeadline()
        let channel = context.channel
        let registry = registry
        deadline = context.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            registry.metricsTimedOut(reason: reason)
            channel.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        deadline?.cancel()
        deadline = nil
    }
}

extension ConnectionRegistry {
    fileprivate func metricsTimedOut(reason: String) {
        metrics?.connectionsClosed(reason: "\(reason)_timeout")
    }
}
