/// What a ``ModbusPoller`` reads and how often.
public struct ModbusPollerConfiguration: Sendable, Hashable {
    /// Which table the digital inputs are read from.
    public enum InputTable: Sendable, Hashable {
        /// Function 02.
        case discreteInputs
        /// Function 01.
        case coils
    }

    /// Time between the starts of two polls. Edges are timestamped when the poll that saw
    /// them completed, so this is also their time resolution.
    public var period: Duration
    /// The table holding the inputs.
    public var inputTable: InputTable
    /// 0-based address of channel 0.
    public var inputAddress: Int
    /// Number of channels (1...2000; with counters, 1...62).
    public var inputCount: Int
    /// 0-based holding register of channel 0's 32-bit pulse counter (two registers per
    /// channel, low word first), or `nil` when the device has no counters. Counters let the
    /// poller notice pulses shorter than the period.
    public var counterAddress: Int?

    public init(
        period: Duration = .milliseconds(100),
        inputTable: InputTable = .discreteInputs,
        inputAddress: Int = 0,
        inputCount: Int,
        counterAddress: Int? = nil
    ) {
        self.period = period
        self.inputTable = inputTable
        self.inputAddress = inputAddress
        self.inputCount = inputCount
        self.counterAddress = counterAddress
    }

    /// An Advantech ADAM-6050: inputs DI0–DI11 with their counters.
    public static func adam6050(period: Duration = .milliseconds(100)) -> ModbusPollerConfiguration {
        ADAM6050.pollerConfiguration(period: period)
    }

    func validate() throws(ModbusError) {
        guard period > .zero else {
            throw .invalidRequest("poller period must be positive, got \(period)")
        }
        switch inputTable {
        case .discreteInputs: try ModbusRequest.readDiscreteInputs(address: inputAddress, count: inputCount).validate()
        case .coils: try ModbusRequest.readCoils(address: inputAddress, count: inputCount).validate()
        }
        if let counterAddress {
            try ModbusRequest.readHoldingRegisters(address: counterAddress, count: 2 * inputCount).validate()
        }
    }
}
