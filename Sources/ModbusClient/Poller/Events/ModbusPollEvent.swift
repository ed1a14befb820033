import Foundation

/// Something a ``ModbusPoller`` noticed.
public enum ModbusPollEvent: Sendable {
    /// The device became reachable or unreachable.
    case connection(ConnectionChange)
    /// An input changed level between two polls.
    case edge(InputEdge)
    /// A pulse counter moved between two polls.
    case counter(CounterChange)
    /// A counter moved by more than the rising edges the poller saw: pulses shorter than
    /// the poll period, or pulses during a disconnect.
    case missedPulses(MissedPulses)
    /// The device answered a poll with a Modbus exception or refused it; polling goes on.
    case readFailed(ModbusError, at: Date)
}
