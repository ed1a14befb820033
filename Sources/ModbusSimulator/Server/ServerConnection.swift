import Foundation
import _LibModbus
import _MTCSupport

/// Serves one accepted client with libmodbus on the calling (dedicated) thread until the
/// client leaves, a fault knob closes the connection, or the simulator stops.
///
/// The libmodbus context, its mapping and the request buffer live in `_LibModbus` and
/// never leave this function.
enum ServerConnection {
    /// How often a waiting connection looks at the stop flag and the idle timeout.
    private static let wakeInterval = Duration.milliseconds(50)

    static func serve(socket: Int32, core: SimulatorCore) {
        guard let connection = LibModbusServerConnection(acceptedSocket: socket) else { return }
        guard let mapping = LibModbusMapping(
            coils: DeviceModel.coilCount, discreteInputs: DeviceModel.discreteInputCount,
            holdingRegisters: DeviceModel.registerCount, inputRegisters: DeviceModel.registerCount
        ) else { return }
        connection.setIndicationTimeout(wakeInterval)

        var served = 0
        var lastRequest = ContinuousClock.now

        while !core.isStopped {
            let pdu: ArraySlice<UInt8>
            switch connection.receive() {
            case .request(let request):
                pdu = request
            case .nothing:
                if let idle = core.idleTimeout, ContinuousClock.now - lastRequest >= idle {
                    core.connectionDropped()
                    return
                }
                continue
            case .ended:
                return
            }
            served += 1
            lastRequest = .now

            let frame = RequestFrame(pdu: pdu)
            let plan = core.plan(frame, requestsOnConnection: served)
            if let delay = plan.delay {
                Thread.sleep(forTimeInterval: delay.timeInterval)
                if core.isStopped { return }
            }
            core.apply { model in
                if let code = plan.exceptionCode {
                    connection.replyException(code)
                } else {
                    fill(mapping, from: model, for: frame.function)
                    connection.reply(from: mapping)
                    copyWrites(of: frame, from: mapping, into: &model)
                }
            }
            lastRequest = .now
            if plan.closeAfterReply {
                return
            }
        }
    }

    private static func fill(_ mapping: LibModbusMapping, from model: DeviceModel, for function: UInt8) {
        switch function {
        case 0x01, 0x05, 0x0F:
            for address in 0..<DeviceModel.coilCount {
                mapping.setCoil(address, model.coil(address))
            }
        case 0x02:
            for address in 0..<DeviceModel.discreteInputCount {
                mapping.setDiscreteInput(address, model.discreteInput(address))
            }
        case 0x04:
            for address in 0..<DeviceModel.registerCount {
                mapping.setInputRegister(address, model.inputRegisters[address])
            }
        default:
            for address in 0..<DeviceModel.registerCount {
                mapping.setHoldingRegister(address, model.holdingRegister(address))
            }
        }
    }

    /// Carries what libmodbus wrote into the mapping back into the model. A rejected write
    /// left the mapping as `fill` made it, so copying it back changes nothing.
    private static func copyWrites(of frame: RequestFrame, from mapping: LibModbusMapping, into model: inout DeviceModel) {
        for address in frame.writtenCoils?.clamped(to: 0..<DeviceModel.coilCount) ?? 0..<0 {
            model.writeCoil(address, mapping.coil(address))
        }
        for address in frame.writtenRegisters?.clamped(to: 0..<DeviceModel.registerCount) ?? 0..<0 {
            model.writeHoldingRegister(address, mapping.holdingRegister(address))
        }
    }
}
