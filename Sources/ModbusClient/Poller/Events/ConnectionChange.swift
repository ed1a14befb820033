import Foundation

/// The device's reachability changed.
public struct ConnectionChange: Sendable {
    public enum State: Sendable, Hashable {
        case connected, disconnected
    }

    public let state: State
    /// The transport error that ended the connection, for ``State/disconnected``.
    public let error: ModbusError?
    public let timestamp: Date

    public init(state: State, error: ModbusError?, timestamp: Date) {
        self.state = state
        self.error = error
        self.timestamp = timestamp
    }
}
