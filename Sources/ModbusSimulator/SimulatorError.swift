/// Why the simulator could not start.
public struct SimulatorError: Error, Sendable, CustomStringConvertible {
    /// What failed, with the system error.
    public let message: String

    public var description: String {
        message
    }
}
