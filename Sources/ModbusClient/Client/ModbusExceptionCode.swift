/// A Modbus exception code: the device understood the request and refused it.
///
/// Extensible like an enum: compare against the static members; codes a device invents
/// are kept as they arrive in ``rawValue``.
public struct ModbusExceptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 01: the device does not support this function code.
    public static let illegalFunction = ModbusExceptionCode(rawValue: 0x01)
    /// 02: the address range is not mapped on the device.
    public static let illegalDataAddress = ModbusExceptionCode(rawValue: 0x02)
    /// 03: a value in the request is not allowed (e.g. a quantity out of range).
    public static let illegalDataValue = ModbusExceptionCode(rawValue: 0x03)
    /// 04: the device failed while performing the request.
    public static let serverDeviceFailure = ModbusExceptionCode(rawValue: 0x04)
    /// 05: accepted, still processing; ask again later.
    public static let acknowledge = ModbusExceptionCode(rawValue: 0x05)
    /// 06: the device is busy with a long command; retry later.
    public static let serverDeviceBusy = ModbusExceptionCode(rawValue: 0x06)
    /// 07: the device cannot perform the programming function.
    public static let negativeAcknowledge = ModbusExceptionCode(rawValue: 0x07)
    /// 08: the device detected a parity error in its memory.
    public static let memoryParityError = ModbusExceptionCode(rawValue: 0x08)
    /// 0A: a gateway could not route the request to the unit.
    public static let gatewayPathUnavailable = ModbusExceptionCode(rawValue: 0x0A)
    /// 0B: a gateway got no answer from the target unit.
    public static let gatewayTargetFailedToRespond = ModbusExceptionCode(rawValue: 0x0B)

    public var description: String {
        "\(name) (0x\(String(rawValue, radix: 16, uppercase: true)))"
    }

    var name: String {
        switch self {
        case .illegalFunction: "illegal function"
        case .illegalDataAddress: "illegal data address"
        case .illegalDataValue: "illegal data value"
        case .serverDeviceFailure: "server device failure"
        case .acknowledge: "acknowledge"
        case .serverDeviceBusy: "server device busy"
        case .negativeAcknowledge: "negative acknowledge"
        case .memoryParityError: "memory parity error"
        case .gatewayPathUnavailable: "gateway path unavailable"
        case .gatewayTargetFailedToRespond: "gateway target failed to respond"
        default: "unknown exception"
        }
    }
}
