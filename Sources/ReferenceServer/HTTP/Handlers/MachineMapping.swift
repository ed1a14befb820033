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

    /// Checks what the generated decoder does not (ranges, lengths, the host policy) for every
    /// block present, then keeps only the block `kind` names, which must be there.
    func validated(at pointer: String, hosts: SourceHostPolicy) throws -> Components.Schemas.MachineSource {
        if let mtconnect { try Self.check(mtconnect, at: "\(pointer)/mtconnect", hosts: hosts) }
        if let modbus { try Self.check(modbus, at: "\(pointer)/modbus", hosts: hosts) }
        switch kind {
        case .none:
            return Components.Schemas.MachineSource(kind: .none)
        case .mtconnect:
            guard let mtconnect else { throw HTTPProblem.invalidField("\(pointer)/mtconnect", "Required when kind is mtconnect.") }
            return Components.Schemas.MachineSource(kind: .mtconnect, mtconnect: mtconnect)
        case .modbus:
            guard let modbus else { throw HTTPProblem.invalidField("\(pointer)/modbus", "Required when kind is modbus.") }
            return Components.Schemas.MachineSource(kind: .modbus, modbus: modbus)
        }
    }

    private static func check(_ mtconnect: Components.Schemas.MTConnectSource, at pointer: String, hosts: SourceHostPolicy) throws {
        guard mtconnect.agentUrl.utf8.count <= 2048, let url = URL(string: mtconnect.agentUrl),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host, !host.isEmpty
        else {
            throw HTTPProblem.invalidField("\(pointer)/agentUrl", "Must be an http(s) URL of the agent.")
        }
        guard hosts.permits(host: host) else {
            throw HTTPProblem.invalidField("\(pointer)/agentUrl", refusal(host, hosts))
        }
        if let interval = mtconnect.intervalMs, !(0...600_000).contains(interval) {
            throw HTTPProblem.invalidField("\(pointer)/intervalMs", "Must be in 0...600000.")
        }
    }

    private static func check(_ modbus: Components.Schemas.ModbusSource, at pointer: String, hosts: SourceHostPolicy) throws {
        guard !modbus.host.isEmpty, modbus.host.utf8.count <= 253 else {
            throw HTTPProblem.invalidField("\(pointer)/host", "Must be a host name or address.")
        }
        guard hosts.permits(host: modbus.host) else {
            throw HTTPProblem.invalidField("\(pointer)/host", refusal(modbus.host, hosts))
        }
        if let port = modbus.port, !(1...65535).contains(port) {
            throw HTTPProblem.invalidField("\(pointer)/port", "Must be in 1...65535.")
        }
        if let unit = modbus.unitId, !(0...255).contains(unit) {
            throw HTTPProblem.invalidField("\(pointer)/unitId", "Must be in 0...255.")
        }
        if let interval = modbus.pollIntervalMs, !(10...600_000).contains(interval) {
            throw HTTPProblem.invalidField("\(pointer)/pollIntervalMs", "Must be in 10...600000.")
        }
        for (name, channel) in [("cycle", modbus.channels?.cycle), ("spindle", modbus.channels?.spindle),
                                ("partCounter", modbus.channels?.partCounter)] {
            if let channel, !(0...11).contains(channel) {
                throw HTTPProblem.invalidField("\(pointer)/channels/\(name)", "Must be an input channel 0...11.")
            }
        }
    }

    private static func refusal(_ host: String, _ hosts: SourceHostPolicy) -> String {
        "The host \"\(host.prefix(253))\" is not among the hosts this server may dial (MTC_SOURCE_HOSTS: \(hosts))."
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
