internal import CModbus
import Foundation

/// Serves one accepted client with libmodbus on the calling (dedicated) thread until the
/// client leaves, a fault knob closes the connection, or the simulator stops.
///
/// Everything libmodbus-specific of the simulator is here: the `modbus_t`, its mapping
/// and the request buffer never leave this function.
enum ServerConnection {
    /// How often a waiting connection looks at the stop flag and the idle timeout.
    private static let wakeInterval: UInt32 = 50_000

    static func serve(socket: Int32, core: SimulatorCore) {
        // libmodbus's select() aborts the process on a descriptor past FD_SETSIZE: refuse
        // such a client (it sees the connection closed) instead.
        guard socket < mtc_modbus_fd_setsize(), let context = modbus_new_tcp("127.0.0.1", 502) else {
            close(socket)
            return
        }
        // From here `modbus_close` closes the accepted socket.
        modbus_set_socket(context, socket)
        defer {
            modbus_close(context)
            modbus_free(context)
        }
        guard let mapping = modbus_mapping_new(
            Int32(DeviceModel.coilCount), Int32(DeviceModel.discreteInputCount),
            Int32(DeviceModel.registerCount), Int32(DeviceModel.registerCount)
        ) else { return }
        defer { modbus_mapping_free(mapping) }
        modbus_set_indication_timeout(context, 0, wakeInterval)

        let header = Int(modbus_get_header_length(context))
        var query = [UInt8](repeating: 0, count: Int(MODBUS_TCP_MAX_ADU_LENGTH))
        var served = 0
        var lastRequest = ContinuousClock.now

        while !core.isStopped {
            let (length, errnum) = query.withUnsafeMutableBufferPointer {
                (modbus_receive(context, $0.baseAddress), mtc_modbus_errno())
            }
            if length < 0 {
                guard errnum == ETIMEDOUT else { return }
                if let idle = core.idleTimeout, ContinuousClock.now - lastRequest >= idle {
                    core.connectionDropped()
                    return
                }
                continue
            }
            guard length > header else { continue }
            served += 1
            lastRequest = .now

            let frame = RequestFrame(pdu: query[header..<Int(length)])
            let plan = core.plan(frame, requestsOnConnection: served)
            if let delay = plan.delay {
                let (seconds, attoseconds) = delay.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
                if core.isStopped { return }
            }
            core.apply { model in
                if let code = plan.exceptionCode {
                    _ = modbus_reply_exception(context, query, UInt32(code))
                } else {
                    fill(mapping, from: model, for: frame.function)
                    _ = modbus_reply(context, query, length, mapping)
                    copyWrites(of: frame, from: mapping, into: &model)
                }
            }
            lastRequest = .now
            if plan.closeAfterReply {
                return
            }
        }
    }

    private static func fill(_ mapping: UnsafeMutablePointer<modbus_mapping_t>, from model: DeviceModel, for function: UInt8) {
        switch function {
        case 0x01, 0x05, 0x0F:
            for address in 0..<DeviceModel.coilCount {
                mapping.pointee.tab_bits[address] = model.coil(address) ? 1 : 0
            }
        case 0x02:
            for address in 0..<DeviceModel.discreteInputCount {
                mapping.pointee.tab_input_bits[address] = model.discreteInput(address) ? 1 : 0
            }
        case 0x04:
            for address in 0..<DeviceModel.registerCount {
                mapping.pointee.tab_input_registers[address] = model.inputRegisters[address]
            }
        default:
            for address in 0..<DeviceModel.registerCount {
                mapping.pointee.tab_registers[address] = model.holdingRegister(address)
            }
        }
    }

    /// Carries what libmodbus wrote into the mapping back into the model. A rejected write
    /// left the mapping as `fill` made it, so copying it back changes nothing.
    private static func copyWrites(of frame: RequestFrame, from mapping: UnsafeMutablePointer<modbus_mapping_t>, into model: inout DeviceModel) {
        for address in frame.writtenCoils?.clamped(to: 0..<DeviceModel.coilCount) ?? 0..<0 {
            model.writeCoil(address, mapping.pointee.tab_bits[address] != 0)
        }
        for address in frame.writtenRegisters?.clamped(to: 0..<DeviceModel.registerCount) ?? 0..<0 {
            model.writeHoldingRegister(address, mapping.pointee.tab_registers[address])
        }
    }
}
