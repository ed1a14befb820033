import Hummingbird
import NIOCore

/// The server's request context: Hummingbird's basic context plus the peer address of the
/// connection, which ``AddressRateLimitMiddleware`` counts requests by.
///
/// `BasicRequestContext` drops the channel it is built from, so the address would otherwise be
/// lost before any middleware runs. The address is the TCP peer: behind a reverse proxy every
/// request shares the proxy's address, and the proxy should do the per-client limiting.
struct ServerRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer of the connection the request arrived on; `nil` when the channel has none.
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
