@_exported import struct _MTCSupport.Backoff

/// Where a ``ModbusTCPClient`` connects and how patient it is.
public struct ModbusClientConfiguration: Sendable, Hashable {
    /// Host name or IP address of the device (resolved on the client's own thread).
    public var host: String
    /// TCP port; Modbus/TCP devices listen on 502.
    public var port: Int
    /// Unit identifier (slave id) sent in every request; ADAM-6000 modules answer to 1.
    public var unitID: UInt8
    /// The longest wait for the TCP connection to open.
    public var connectTimeout: Duration
    /// The longest wait for the first byte of a reply.
    public var responseTimeout: Duration
    /// The longest wait between two bytes of one reply.
    public var byteTimeout: Duration
    /// Waits between failed connection attempts: by default 100 ms after the first failure,
    /// doubling up to 5 s, without jitter (one client dials one device). A successful
    /// connection starts it again from the first wait.
    public var reconnectBackoff: Backoff
    /// When a reused connection turns out to be closed by the device (devices drop idle
    /// connections), reconnect and send the request once more. Modbus writes set values,
    /// so a repeated write leaves the device in the same state. Never applies to timeouts.
    public var retryOnConnectionLoss: Bool

    public init(
        host: String,
        port: Int = 502,
        unitID: UInt8 = 1,
        connectTimeout: Duration = .seconds(3),
        responseTimeout: Duration = .seconds(1),
        byteTimeout: Duration = .milliseconds(500),
        reconnectBackoff: Backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(5), jitter: 0),
        retryOnConnectionLoss: Bool = true
    ) {
        self.host = host
        self.port = port
        self.unitID = unitID
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.byteTimeout = byteTimeout
        self.reconnectBackoff = reconnectBackoff
        self.retryOnConnectionLoss = retryOnConnectionLoss
    }

    /// `host:port/unit`, the `device` dimension of the client's metrics.
    var metricsDevice: String {
        "\(endpoint)/\(unitID)"
    }

    /// `host:port`, as used in messages.
    var endpoint: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
