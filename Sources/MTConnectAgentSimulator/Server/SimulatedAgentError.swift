/// An MTConnectError a test asks the simulator to answer with.
public struct SimulatedAgentError: Sendable, Hashable {
    /// The `errorCode` attribute, e.g. `OUT_OF_RANGE`.
    public var code: String
    public var message: String
    /// The HTTP status sent with the document.
    public var status: Int

    public init(code: String, message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    public static let outOfRange = SimulatedAgentError(code: "OUT_OF_RANGE", message: "'from' must be greater than or equal to firstSequence")
    public static let internalError = SimulatedAgentError(code: "INTERNAL_ERROR", message: "simulated internal error", status: 500)
    public static let noDevice = SimulatedAgentError(code: "NO_DEVICE", message: "no such device", status: 404)
}
