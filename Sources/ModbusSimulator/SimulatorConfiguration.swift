/// How an ``ADAM6050Simulator`` listens and starts.
public struct SimulatorConfiguration: Sendable, Hashable {
    /// TCP port on 127.0.0.1; 0 lets the system pick a free one (read it back from
    /// ``ADAM6050Simulator/start()``).
    public var port: Int
    /// Whether DI counters count rising edges from the start (coil 32+4k set).
    public var countersRunning: Bool

    public init(port: Int = 0, countersRunning: Bool = true) {
        self.port = port
        self.countersRunning = countersRunning
    }
}
