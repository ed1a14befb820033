internal import CModbus
import Foundation

/// One libmodbus Modbus/TCP client context (`modbus_t`) for one device, with its buffers and
/// its `errno`: the only place the client touches libmodbus.
///
/// Not thread-safe, like the context it wraps: its owner creates, uses and frees it on one
/// thread. Every call blocks that thread for up to the timeouts set. A failed call leaves the
/// connection to the owner, which closes it after a transport failure so that a late reply
/// can never be read as the answer to the next request (libmodbus 3.1.6 does not discard it).
package final class LibModbusClientContext {
    private let context: OpaquePointer
    private let host: String
    package private(set) var isConnected = false

    /// A context for the device at `host`:`port`, unit `unitID`; nothing is dialled yet.
    package init(host: String, port: Int, unitID: UInt8) throws(LibModbusError) {
        guard let context = modbus_new_tcp_pi(host, String(port)) else {
            throw LibModbusError(errno: mtc_modbus_errno())
        }
        self.context = context
        self.host = host
        modbus_set_slave(context, Int32(unitID))
        // Recovery stays with the owner: libmodbus's own link recovery would reconnect
        // silently and still fail the request it was running.
        modbus_set_error_recovery(context, MODBUS_ERROR_RECOVERY_NONE)
    }

    deinit {
        modbus_close(context)
        modbus_free(context)
    }

    /// How long a reply may take to start arriving.
    package func setResponseTimeout(_ timeout: Duration) {
        LibModbusTimeout.set(timeout, modbus_set_response_timeout, on: context)
    }

    /// How long a reply may pause between two bytes.
    package func setByteTimeout(_ timeout: Duration) {
        LibModbusTimeout.set(timeout, modbus_set_byte_timeout, on: context)
    }

    /// Opens the TCP connection within `timeout`, then restores `responseTimeout` (libmodbus
    /// bounds the connect with the response timeout).
    package func connect(timeout: Duration, responseTimeout: Duration) throws(LibModbusError) {
        // libmodbus's select() would abort the whole process on a descriptor past FD_SETSIZE.
        guard mtc_modbus_next_socket_fits() != 0 else {
            throw LibModbusError(.descriptorLimit(Int(mtc_modbus_fd_setsize())), reason: "too many open files for select()")
        }
        setResponseTimeout(timeout)
        let rc = modbus_connect(context)
        let errnum = mtc_modbus_errno()
        setResponseTimeout(responseTimeout)
        guard rc == 0 else {
            modbus_close(context)
            // libmodbus reports a failed name lookup as "connection refused".
            let error = LibModbusError(errno: errnum)
            throw Self.resolves(host: host) ? error : LibModbusError(.unresolvableHost, reason: error.reason)
        }
        isConnected = true
    }

    /// Closes the connection; the next ``connect(timeout:responseTimeout:)`` opens a new one.
    package func close() {
        modbus_close(context)
        isConnected = false
    }

    /// Function 01.
    package func readCoils(address: Int, count: Int) throws(LibModbusError) -> [Bool] {
        try readBits(count: count) { modbus_read_bits(context, Int32(address), Int32(count), $0) }
    }

    /// Function 02.
    package func readDiscreteInputs(address: Int, count: Int) throws(LibModbusError) -> [Bool] {
        try readBits(count: count) { modbus_read_input_bits(context, Int32(address), Int32(count), $0) }
    }

    /// Function 03.
    package func readHoldingRegisters(address: Int, count: Int) throws(LibModbusError) -> [UInt16] {
        try readRegisters(count: count) { modbus_read_registers(context, Int32(address), Int32(count), $0) }
    }

    /// Function 04.
    package func readInputRegisters(address: Int, count: Int) throws(LibModbusError) -> [UInt16] {
        try readRegisters(count: count) { modbus_read_input_registers(context, Int32(address), Int32(count), $0) }
    }

    /// Function 05.
    package func writeSingleCoil(address: Int, on: Bool) throws(LibModbusError) {
        try check(expected: 1, modbus_write_bit(context, Int32(address), on ? 1 : 0), errnum: mtc_modbus_errno())
    }

    /// Function 06.
    package func writeSingleRegister(address: Int, value: UInt16) throws(LibModbusError) {
        try check(expected: 1, modbus_write_register(context, Int32(address), value), errnum: mtc_modbus_errno())
    }

    /// Function 15.
    package func writeMultipleCoils(address: Int, values: [Bool]) throws(LibModbusError) {
        let bytes = values.map { UInt8($0 ? 1 : 0) }
        try check(expected: values.count, modbus_write_bits(context, Int32(address), Int32(values.count), bytes), errnum: mtc_modbus_errno())
    }

    /// Function 16.
    package func writeMultipleRegisters(address: Int, values: [UInt16]) throws(LibModbusError) {
        try check(expected: values.count, modbus_write_registers(context, Int32(address), Int32(values.count), values), errnum: mtc_modbus_errno())
    }

    /// Function 23: the device writes `values` at `writeAddress`, then `readCount` registers
    /// at `readAddress` are read, in one transaction.
    package func readWriteMultipleRegisters(
        writeAddress: Int, values: [UInt16], readAddress: Int, readCount: Int
    ) throws(LibModbusError) -> [UInt16] {
        try readRegisters(count: readCount) {
            modbus_write_and_read_registers(
                context, Int32(writeAddress), Int32(values.count), values, Int32(readAddress), Int32(readCount), $0
            )
        }
    }

    private func readBits(count: Int, _ call: (UnsafeMutablePointer<UInt8>) -> Int32) throws(LibModbusError) -> [Bool] {
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
        try check(expected: count, rc, errnum: errnum)
        return bits
    }

    private func readRegisters(count: Int, _ call: (UnsafeMutablePointer<UInt16>) -> Int32) throws(LibModbusError) -> [UInt16] {
        var buffer = [UInt16](repeating: 0, count: count)
        let (rc, errnum) = buffer.withUnsafeMutableBufferPointer { ($0.baseAddress.map(call) ?? -1, mtc_modbus_errno()) }
        try check(expected: count, rc, errnum: errnum)
        return buffer
    }

    private func check(expected: Int, _ rc: Int32, errnum: Int32) throws(LibModbusError) {
        if rc == -1 {
            throw LibModbusError(errno: errnum)
        }
        guard rc == Int32(expected) else {
            throw LibModbusError(.shortReply(expected: expected, received: Int(rc)), reason: "expected \(expected) values in the reply, got \(rc)")
        }
    }

    private static func resolves(host: String) -> Bool {
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, nil, &result) == 0 else { return false }
        freeaddrinfo(result)
        return true
    }
}
