/// The parts of a Modbus/TCP request the simulator needs, read from the PDU bytes.
struct RequestFrame: Sendable {
    let function: UInt8
    let writtenCoils: Range<Int>?
    let writtenRegisters: Range<Int>?

    /// `pdu` starts at the function code (after the 7-byte MBAP header).
    init(pdu: ArraySlice<UInt8>) {
        let bytes = Array(pdu)
        func word(_ offset: Int) -> Int {
            offset + 1 < bytes.count ? Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) : 0
        }
        function = bytes.first ?? 0
        switch function {
        case 0x05:
            writtenCoils = word(1)..<(word(1) + 1)
            writtenRegisters = nil
        case 0x0F:
            writtenCoils = word(1)..<(word(1) + word(3))
            writtenRegisters = nil
        case 0x06:
            writtenCoils = nil
            writtenRegisters = word(1)..<(word(1) + 1)
        case 0x10:
            writtenCoils = nil
            writtenRegisters = word(1)..<(word(1) + word(3))
        case 0x17:
            writtenCoils = nil
            writtenRegisters = word(5)..<(word(5) + word(7))
        default:
            writtenCoils = nil
            writtenRegisters = nil
        }
    }
}
