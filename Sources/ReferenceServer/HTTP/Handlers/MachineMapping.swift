import Foundation
import MTConnectCoreAPI

extension Components.Schemas.Machine {
    init(_ record: MachineRecord) throws {
        let source = try JSONDecoder().decode(Components.Schemas.MachineSource.self, from: Data(record.sourceJSON.utf8))
        self.init(
            id: record.id,
            tenantId: record.tenantId,
            externalId: record.externalId,
            name: record.name,
            source: source,
            createdAt: StoreTime.date(milliseconds: record.createdAt),
            updatedAt: StoreTime.date(milliseconds: record.updatedAt)
        )
    }
}

extension Components.Schemas.MachineSource {
    static let none = Components.Schemas.MachineSource(kind: .none)

    /// Checks what the schema cannot express: the block named by `kind` is present and sane.
    func validated(at pointer: String) throws -> Components.Schemas.MachineSource {
        switch kind {
        case .none:
            return Components.Schemas.MachineSource(kind: .none)
        case .mtconnect:
            guard let mtconnect else { throw HTTPProblem.invalidField("\(pointer)/mtconnect", "Required when kind is mtconnect.") }
            guard let url = URL(string: mtconnect.agentUrl), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                  url.host != nil
            else {
                throw HTTPProblem.invalidField("\(pointer)/mtconnect/agentUrl", "Must be an http(s) URL of the agent.")
            }
            if let interval = mtconnect.intervalMs, !(0...600_000).contains(interval) {
                throw HTTPProblem.invalidField("\(pointer)/mtconnect/intervalMs", "Must be in 0...600000.")
            }
            return Components.Schemas.MachineSource(kind: .mtconnect, mtconnect: mtconnect)
        case .modbus:
            guard let modbus else { throw HTTPProblem.invalidField("\(pointer)/modbus", "Required when kind is modbus.") }
            guard !modbus.host.isEmpty, modbus.host.count <= 253 else {
                throw HTTPProblem.invalidField("\(pointer)/modbus/host", "Must be a host name or address.")
            }
            if let port = modbus.port, !(1...65535).contains(port) {
                throw HTTPProblem.invalidField("\(pointer)/modbus/port", "Must be in 1...65535.")
            }
            if let unit = modbus.unitId, !(0...255).contains(unit) {
                throw HTTPProblem.invalidField("\(pointer)/modbus/unitId", "Must be in 0...255.")
            }
            if let interval = modbus.pollIntervalMs, !(10...600_000).contains(interval) {
                throw HTTPProblem.invalidField("\(pointer)/modbus/pollIntervalMs", "Must be in 10...600000.")
            }
            for (name, channel) in [("cycle", modbus.channels?.cycle), ("spindle", modbus.channels?.spindle),
                                    ("partCounter", modbus.channels?.partCounter)] {
                if let channel, !(0...11).contains(channel) {
                    throw HTTPProblem.invalidField("\(pointer)/modbus/channels/\(name)", "Must be an input channel 0...11.")
                }
            }
            return Components.Schemas.MachineSource(kind: .modbus, modbus: modbus)
        }
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data("{\"kind\":\"none\"}".utf8), as: UTF8.self)
    }
}

/// Length checks the generated decoder does not make.
enum FieldRules {
    static func text(_ value: String, _ pointer: String, maxLength: Int, allowEmpty: Bool = false) throws {
        if !allowEmpty && value.isEmpty { throw HTTPProblem.invalidField(pointer, "Must not be empty.") }
        if value.count > maxLength { throw HTTPProblem.invalidField(pointer, "Must be at most \(maxLength) characters.") }
    }
}
