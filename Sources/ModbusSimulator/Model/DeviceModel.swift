/// The process image of a simulated ADAM-6050, in plain Swift.
///
/// Map (0-based PDU addresses, as the client uses them):
/// - discrete inputs 0–11 and coils 0–11: DI0–DI11 (read-only);
/// - coils 16–21: DO0–DO5;
/// - coils 32+4k … 35+4k: counter k start/stop, clear (write 1), overflow flag, DI latch;
/// - holding registers 2k, 2k+1: counter k, 32-bit, low word first; 24–127 free registers;
/// - input registers 0–127: values a test sets.
struct DeviceModel: Sendable {
    static let inputCount = 12
    static let outputCount = 6
    static let outputCoilBase = 16
    static let counterCoilBase = 32
    static let coilCount = counterCoilBase + 4 * inputCount
    static let discreteInputCount = 16
    static let registerCount = 128

    private(set) var inputs = [Bool](repeating: false, count: inputCount)
    private(set) var outputs = [Bool](repeating: false, count: outputCount)
    private(set) var counters = [UInt32](repeating: 0, count: inputCount)
    private(set) var counting: [Bool]
    private(set) var overflowed = [Bool](repeating: false, count: inputCount)
    private(set) var latched = [Bool](repeating: false, count: inputCount)
    private var freeRegisters = [UInt16](repeating: 0, count: registerCount)
    var inputRegisters = [UInt16](repeating: 0, count: registerCount)

    init(countersRunning: Bool) {
        counting = [Bool](repeating: countersRunning, count: Self.inputCount)
    }

    mutating func setInput(_ channel: Int, _ on: Bool) {
        if on, !inputs[channel] {
            risingEdge(channel)
        }
        inputs[channel] = on
    }

    /// `count` complete pulses; the input ends at the level it started from.
    mutating func pulse(_ channel: Int, count: Int) {
        for _ in 0..<count {
            risingEdge(channel)
        }
    }

    mutating func setCounter(_ channel: Int, _ value: UInt32) {
        counters[channel] = value
    }

    mutating func setOutput(_ channel: Int, _ on: Bool) {
        outputs[channel] = on
    }

    private mutating func risingEdge(_ channel: Int) {
        latched[channel] = true
        guard counting[channel] else { return }
        let (next, overflow) = counters[channel].addingReportingOverflow(1)
        counters[channel] = next
        if overflow {
            overflowed[channel] = true
        }
    }

    func discreteInput(_ address: Int) -> Bool {
        address < Self.inputCount ? inputs[address] : false
    }

    func coil(_ address: Int) -> Bool {
        switch address {
        case 0..<Self.inputCount:
            return inputs[address]
        case Self.outputCoilBase..<(Self.outputCoilBase + Self.outputCount):
            return outputs[address - Self.outputCoilBase]
        case Self.counterCoilBase..<Self.coilCount:
            let channel = (address - Self.counterCoilBase) / 4
            switch (address - Self.counterCoilBase) % 4 {
            case 0: return counting[channel]
            case 2: return overflowed[channel]
            case 3: return latched[channel]
            default: return false  // "clear counter" always reads 0
            }
        default:
            return false
        }
    }

    /// Inputs and unmapped coils are read-only on the real module.
    static func isWritableCoil(_ address: Int) -> Bool {
        (outputCoilBase..<(outputCoilBase + outputCount)).contains(address)
            || (counterCoilBase..<coilCount).contains(address)
    }

    mutating func writeCoil(_ address: Int, _ on: Bool) {
        switch address {
        case Self.outputCoilBase..<(Self.outputCoilBase + Self.outputCount):
            outputs[address - Self.outputCoilBase] = on
        case Self.counterCoilBase..<Self.coilCount:
            let channel = (address - Self.counterCoilBase) / 4
            switch (address - Self.counterCoilBase) % 4 {
            case 0: counting[channel] = on
            case 1: if on { counters[channel] = 0 }
            case 2: if !on { overflowed[channel] = false }
            default: if !on { latched[channel] = false }
            }
        default:
            break
        }
    }

    func holdingRegister(_ address: Int) -> UInt16 {
        if address < 2 * Self.inputCount {
            let counter = counters[address / 2]
            return address % 2 == 0 ? UInt16(truncatingIfNeeded: counter) : UInt16(truncatingIfNeeded: counter >> 16)
        }
        return freeRegisters[address]
    }

    mutating func writeHoldingRegister(_ address: Int, _ value: UInt16) {
        if address < 2 * Self.inputCount {
            let channel = address / 2
            let counter = counters[channel]
            counters[channel] = address % 2 == 0
                ? (counter & 0xFFFF_0000) | UInt32(value)
                : (counter & 0x0000_FFFF) | (UInt32(value) << 16)
        } else {
            freeRegisters[address] = value
        }
    }
}
