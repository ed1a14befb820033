/// One Modbus request, validated against the protocol limits before it is queued.
enum ModbusRequest: Sendable {
    case readCoils(address: Int, count: Int)
    case readDiscreteInputs(address: Int, count: Int)
    case readHoldingRegisters(address: Int, count: Int)
    case readInputRegisters(address: Int, count: Int)
    case writeSingleCoil(address: Int, on: Bool)
    case writeSingleRegister(address: Int, value: UInt16)
    case writeMultipleCoils(address: Int, values: [Bool])
    case writeMultipleRegisters(address: Int, values: [UInt16])
    case readWriteMultipleRegisters(writeAddress: Int, values: [UInt16], readAddress: Int, readCount: Int)

    /// Modbus application protocol v1.1b3 quantity limits, per function code.
    static let maxReadBits = 2000
    static let maxReadRegisters = 125
    static let maxWriteBits = 1968
    static let maxWriteRegisters = 123
    static let maxReadWriteWriteRegisters = 121

    var function: ModbusFunction {
        switch self {
        case .readCoils: .readCoils
        case .readDiscreteInputs: .readDiscreteInputs
        case .readHoldingRegisters: .readHoldingRegisters
        case .readInputRegisters: .readInputRegisters
        case .writeSingleCoil: .writeSingleCoil
        case .writeSingleRegister: .writeSingleRegister
        case .writeMultipleCoils: .writeMultipleCoils
        case .writeMultipleRegisters: .writeMultipleRegisters
        case .readWriteMultipleRegisters: .readWriteMultipleRegisters
        }
    }

    var functionName: String {
        switch self {
        case .readCoils: "read coils (01)"
        case .readDiscreteInputs: "read discrete inputs (02)"
        case .readHoldingRegisters: "read holding registers (03)"
        case .readInputRegisters: "read input registers (04)"
        case .writeSingleCoil: "write single coil (05)"
        case .writeSingleRegister: "write single register (06)"
        case .writeMultipleCoils: "write multiple coils (15)"
        case .writeMultipleRegisters: "write multiple registers (16)"
        case .readWriteMultipleRegisters: "read/write multiple registers (23)"
        }
    }

    func validate() throws(ModbusError) {
        switch self {
        case .readCoils(let address, let count), .readDiscreteInputs(let address, let count):
            try Self.check(address: address, count: count, limit: Self.maxReadBits, what: "bits", in: functionName)
        case .readHoldingRegisters(let address, let count), .readInputRegisters(let address, let count):
            try Self.check(address: address, count: count, limit: Self.maxReadRegisters, what: "registers", in: functionName)
        case .writeSingleCoil(let address, _), .writeSingleRegister(let address, _):
            try Self.check(address: address, count: 1, limit: 1, what: "values", in: functionName)
        case .writeMultipleCoils(let address, let values):
            try Self.check(address: address, count: values.count, limit: Self.maxWriteBits, what: "coils", in: functionName)
        case .writeMultipleRegisters(let address, let values):
            try Self.check(address: address, count: values.count, limit: Self.maxWriteRegisters, what: "registers", in: functionName)
        case .readWriteMultipleRegisters(let writeAddress, let values, let readAddress, let readCount):
            try Self.check(address: writeAddress, count: values.count, limit: Self.maxReadWriteWriteRegisters, what: "registers to write", in: functionName)
            try Self.check(address: readAddress, count: readCount, limit: Self.maxReadRegisters, what: "registers to read", in: functionName)
        }
    }

    private static func check(address: Int, count: Int, limit: Int, what: String, in function: String) throws(ModbusError) {
        guard (0...0xFFFF).contains(address) else {
            throw .invalidRequest("\(function): address \(address) is outside 0...65535 (addresses are 0-based PDU addresses)")
        }
        guard (1...limit).contains(count) else {
            throw .invalidRequest("\(function): \(count) \(what) requested; Modbus allows 1...\(limit) per request, split the request")
        }
        guard address + count <= 0x10000 else {
            throw .invalidRequest("\(function): \(count) \(what) from address \(address) run past address 65535")
        }
    }
}

/// What a request returns; mapped to the public result type by ``ModbusTCPClient``.
enum ModbusResponse: Sendable {
    case bits([Bool])
    case registers([UInt16])
    case written
}
