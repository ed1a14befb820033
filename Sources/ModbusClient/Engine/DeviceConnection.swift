import _LibModbus

/// The device's libmodbus context as the engine uses it: runs a ``ModbusRequest`` and turns
/// a failed libmodbus call into a ``ModbusError`` that names the request and the device.
///
/// Confined to the device thread, like the context it owns.
final class DeviceConnection {
    private let context: LibModbusClientContext
    private let configuration: ModbusClientConfiguration

    init(configuration: ModbusClientConfiguration) throws(ModbusError) {
        do {
            context = try LibModbusClientContext(host: configuration.host, port: configuration.port, unitID: configuration.unitID)
        } catch {
            throw ModbusError(
                kind: .connectionFailed,
                message: "cannot create a Modbus/TCP context for \(configuration.endpoint): \(error.reason)"
            )
        }
        self.configuration = configuration
        context.setByteTimeout(configuration.byteTimeout)
        context.setResponseTimeout(configuration.responseTimeout)
    }

    var isConnected: Bool {
        context.isConnected
    }

    func connect() throws(ModbusError) {
        do {
            try context.connect(timeout: configuration.connectTimeout, responseTimeout: configuration.responseTimeout)
        } catch {
            let message = switch error.kind {
            case .descriptorLimit(let limit):
                "cannot connect to Modbus device at \(configuration.endpoint): the process has \(limit) or more files open, and libmodbus can only wait on sockets numbered below \(limit); close connections or files the process does not need"
            case .unresolvableHost:
                "cannot resolve Modbus device host '\(configuration.host)'; check the name or use an IP address"
            default:
                "cannot connect to Modbus device at \(configuration.endpoint): \(error.reason); check the host, port and that the device is powered and reachable"
            }
            throw ModbusError(kind: .connectionFailed, message: message)
        }
    }

    func close() {
        context.close()
    }

    func perform(_ request: ModbusRequest) throws(ModbusError) -> ModbusResponse {
        do {
            switch request {
            case .readCoils(let address, let count):
                return .bits(try context.readCoils(address: address, count: count))
            case .readDiscreteInputs(let address, let count):
                return .bits(try context.readDiscreteInputs(address: address, count: count))
            case .readHoldingRegisters(let address, let count):
                return .registers(try context.readHoldingRegisters(address: address, count: count))
            case .readInputRegisters(let address, let count):
                return .registers(try context.readInputRegisters(address: address, count: count))
            case .writeSingleCoil(let address, let on):
                try context.writeSingleCoil(address: address, on: on)
            case .writeSingleRegister(let address, let value):
                try context.writeSingleRegister(address: address, value: value)
            case .writeMultipleCoils(let address, let values):
                try context.writeMultipleCoils(address: address, values: values)
            case .writeMultipleRegisters(let address, let values):
                try context.writeMultipleRegisters(address: address, values: values)
            case .readWriteMultipleRegisters(let writeAddress, let values, let readAddress, let readCount):
                return .registers(try context.readWriteMultipleRegisters(
                    writeAddress: writeAddress, values: values, readAddress: readAddress, readCount: readCount
                ))
            }
            return .written
        } catch {
            throw self.error(for: request, error)
        }
    }

    private func error(for request: ModbusRequest, _ error: LibModbusError) -> ModbusError {
        let prefix = "\(request.functionName) on \(configuration.endpoint) (unit \(configuration.unitID))"
        switch error.kind {
        case .exception(let rawCode):
            let code = ModbusExceptionCode(rawValue: rawCode)
            return ModbusError(exception: code, message: "\(prefix): the device answered with exception \(code); check the address range and values against the device's register map")
        case .tooManyData:
            return .invalidRequest("\(prefix): \(error.reason)")
        case .invalidReply:
            return ModbusError(kind: .invalidResponse, message: "\(prefix): \(error.reason); the connection was dropped")
        case .shortReply(let expected, let received):
            return ModbusError(kind: .invalidResponse, message: "\(request.functionName) on \(configuration.endpoint): expected \(expected) values in the reply, got \(received)")
        case .timedOut:
            return ModbusError(kind: .timeout, message: "\(prefix): no reply within the response timeout; the connection was dropped so a late reply cannot be mistaken for the next one")
        case .invalidArgument:
            return .invalidRequest("\(prefix): libmodbus rejected the request (\(error.reason))")
        case .unresolvableHost, .descriptorLimit, .transport:
            return ModbusError(kind: .connectionLost, message: "\(prefix): \(error.reason); the client reconnects on the next request")
        }
    }
}
