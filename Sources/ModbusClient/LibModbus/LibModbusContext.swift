internal import CModbus
import Foundation

/// The only place the client touches libmodbus: one `modbus_t`, its buffers and its errno.
///
/// Not thread-safe, like the context it wraps; a ``ConnectionEngine`` creates, uses and
/// frees it on its device thread only.
final class LibModbusContext {
    private let context: OpaquePointer
    private let configuration: ModbusClientConfiguration
    private(set) var isConnected = false

    init(configuration: ModbusClientConfiguration) throws(ModbusError) {
        guard let context = modbus_new_tcp_pi(configuration.host, String(configuration.port)) else {
            throw ModbusError(
                kind: .connectionFailed,
                message: "cannot create a Modbus/TCP context for \(configuration.endpoint): \(Self.describe(mtc_modbus_errno()))"
            )
        }
        self.context = context
        self.configuration = configuration
        modbus_set_slave(context, Int32(configuration.unitID))
        // Recovery stays with the engine: libmodbus's own link recovery would reconnect
        // silently and still fail the request it was running.
        modbus_set_error_recovery(context, MODBUS_ERROR_RECOVERY_NONE)
        Self.apply(configuration.byteTimeout, modbus_set_byte_timeout, to: context)
        Self.apply(configuration.responseTimeout, modbus_set_response_timeout, to: context)
    }

    deinit {
        modbus_close(context)
        modbus_free(context)
    }

    func connect() throws(ModbusError) {
        // libmodbus's select() would abort the whole process on a descriptor past FD_SETSIZE.
        guard mtc_modbus_next_socket_fits() != 0 else {
            throw ModbusError(
                kind: .connectionFailed,
                message: "cannot connect to Modbus device at \(configuration.endpoint): the process has \(mtc_modbus_fd_setsize()) or more files open, and libmodbus can only wait on sockets numbered below \(mtc_modbus_fd_setsize()); close connections or files the process does not need"
            )
        }
        // libmodbus bounds the TCP connect with the response timeout.
        Self.apply(configuration.connectTimeout, modbus_set_response_timeout, to: context)
        let rc = modbus_connect(context)
        let errnum = mtc_modbus_errno()
        Self.apply(configuration.responseTimeout, modbus_set_response_timeout, to: context)
        guard rc == 0 else {
            modbus_close(context)
            // libmodbus reports a failed name lookup as "connection refused".
            if !Self.resolves(configuration.host) {
                throw ModbusError(
                    kind: .connectionFailed,
                    message: "cannot resolve Modbus device host '\(configuration.host)'; check the name or use an IP address"
                )
            }
            throw ModbusError(
                kind: .connectionFailed,
                message: "cannot connect to Modbus device at \(configuration.endpoint): \(Self.describe(errnum)); check the host, port and that the device is powered and reachable"
            )
        }
        isConnected = true
    }

    func close() {
        modbus_close(context)
        isConnected = false
    }

    func perform(_ request: ModbusRequest) throws(ModbusError) -> ModbusResponse {
        let context = self.context
        switch request {
        case .readCoils(let address, let count):
            return .bits(try readBits(request, count: count) { modbus_read_bits(context, Int32(address), Int32(count), $0) })
        case .readDiscreteInputs(let address, let count):
            return .bits(try readBits(request, count: count) { modbus_read_input_bits(context, Int32(address), Int32(count), $0) })
        case .readHoldingRegisters(let address, let count):
            return .registers(try readRegisters(request, count: count) { modbus_read_registers(context, Int32(address), Int32(count), $0) })
        case .readInputRegisters(let address, let count):
            return .registers(try readRegisters(request, count: count) { modbus_read_input_registers(context, Int32(address), Int32(count), $0) })
        case .writeSingleCoil(let address, let on):
            try check(request, expected: 1, modbus_write_bit(context, Int32(address), on ? 1 : 0))
        case .writeSingleRegister(let address, let value):
            try check(request, expected: 1, modbus_write_register(context, Int32(address), value))
        case .writeMultipleCoils(let address, let values):
            let bytes = values.map { UInt8($0 ? 1 : 0) }
            try check(request, expected: values.count, modbus_write_bits(context, Int32(address), Int32(values.count), bytes))
        case .writeMultipleRegisters(let address, let values):
            try check(request, expected: values.count, modbus_write_registers(context, Int32(address), Int32(values.count), values))
        case .readWriteMultipleRegisters(let writeAddress, let values, let readAddress, let readCount):
            return .registers(try readRegisters(request, count: readCount) {
                modbus_write_and_read_registers(
                    context, Int32(writeAddress), Int32(values.count), values, Int32(readAddress), Int32(readCount), $0
                )
            })
        }
        return .written
    }

    private func readBits(
        _ request: ModbusRequest, count: Int, _ call: (UnsafeMutablePointer<UInt8>) -> Int32
    ) throws(ModbusError) -> [Bool] {
        // libmodbus stores each bit as a byte holding 0 or 1, which is exactly a Swift
        // `Bool`: read straight into the result instead of through a byte array.
        var rc: Int32 = -1
        var errnum: Int32 = 0
        let bits = [Bool](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: false)
            initialized = count
            guard let base = buffer.baseAddress else { return }
            rc = base.withMemoryRebound(to: UInt8.self, capacity: count, call)
            errnum = mtc_modbus_errno()
        }
        try check(request, expected: count, rc, errnum: errnum)
        return bits
    }

    private func readRegisters(
        _ request: ModbusRequest, count: Int, _ call: (UnsafeMutablePointer<UInt16>) -> Int32
    ) throws(ModbusError) -> [UInt16] {
        var buffer = [UInt16](repeating: 0, count: count)
        let (rc, errnum) = buffer.withUnsafeMutableBufferPointer { ($0.baseAddress.map(call) ?? -1, mtc_modbus_errno()) }
        try check(request, expected: count, rc, errnum: errnum)
        return buffer
    }

    private func check(_ request: ModbusRequest, expected: Int, _ rc: Int32, errnum: Int32? = nil) throws(ModbusError) {
        let errnum = errnum ?? mtc_modbus_errno()
        if rc == -1 {
            throw error(for: request, errnum: errnum)
        }
        guard rc == Int32(expected) else {
            throw ModbusError(
                kind: .invalidResponse,
                message: "\(request.functionName) on \(configuration.endpoint): expected \(expected) values in the reply, got \(rc)"
            )
        }
    }

    private func error(for request: ModbusRequest, errnum: Int32) -> ModbusError {
        let base = mtc_modbus_enobase()
        let prefix = "\(request.functionName) on \(configuration.endpoint) (unit \(configuration.unitID))"
        if errnum > base, errnum - base <= 0x0B {
            let code = ModbusExceptionCode(rawValue: UInt8(errnum - base))
            return ModbusError(exception: code, message: "\(prefix): the device answered with exception \(code); check the address range and values against the device's register map")
        }
        // EMBMDATA ("too many data") is EMBXGTAR + 5, a macro Swift does not import.
        if errnum == base + 0x0B + 5 {
            return .invalidRequest("\(prefix): \(Self.describe(errnum))")
        }
        if errnum > base {
            return ModbusError(kind: .invalidResponse, message: "\(prefix): \(Self.describe(errnum)); the connection was dropped")
        }
        switch errnum {
        case ETIMEDOUT:
            return ModbusError(kind: .timeout, message: "\(prefix): no reply within the response timeout; the connection was dropped so a late reply cannot be mistaken for the next one")
        case EINVAL:
            return .invalidRequest("\(prefix): libmodbus rejected the request (\(Self.describe(errnum)))")
        default:
            return ModbusError(kind: .connectionLost, message: "\(prefix): \(Self.describe(errnum)); the client reconnects on the next request")
        }
    }

    private static func resolves(_ host: String) -> Bool {
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, nil, &result) == 0 else { return false }
        freeaddrinfo(result)
        return true
    }

    private static func describe(_ errnum: Int32) -> String {
        String(cString: modbus_strerror(errnum))
    }

    private static func apply(
        _ duration: Duration, _ setter: (OpaquePointer?, UInt32, UInt32) -> Int32, to context: OpaquePointer
    ) {
        let (seconds, attoseconds) = duration.components
        let clampedSeconds = UInt32(clamping: max(seconds, 0))
        var microseconds = UInt32(clamping: max(attoseconds / 1_000_000_000_000, 0))
        // libmodbus reads 0 s + 0 µs as "wait forever"; a zero timeout means "as short as possible".
        if clampedSeconds == 0, microseconds == 0 {
            microseconds = 1
        }
        _ = setter(context, clampedSeconds, microseconds)
    }
}
