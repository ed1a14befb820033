import Foundation
import MTConnectCoreAPI

extension MachineSource {
    var schema: Components.Schemas.MachineSource {
        switch self {
        case .none:
            return .init(kind: .none)
        case .mtconnect(let url, let device, let interval):
            return .init(kind: .mtconnect, mtconnect: .init(agentUrl: url, device: device, intervalMs: interval))
        case .modbus(let source):
            let channels = Components.Schemas.ModbusChannels(
                cycle: source.cycleChannel, spindle: source.spindleChannel, partCounter: source.partCounterChannel
            )
            return .init(
                kind: .modbus,
                modbus: .init(
                    host: source.host, port: source.port, unitId: source.unitId, profile: .adam6050,
                    pollIntervalMs: source.pollIntervalMilliseconds, channels: channels
                )
            )
        }
    }

    init(_ schema: Components.Schemas.MachineSource) {
        switch schema.kind {
        case .none:
            self = .none
        case .mtconnect:
            self = .mtconnect(
                agentURL: schema.mtconnect?.agentUrl ?? "", device: schema.mtconnect?.device,
                intervalMilliseconds: schema.mtconnect?.intervalMs
            )
        case .modbus:
            let modbus = schema.modbus
            self = .modbus(
                ModbusSource(
                    host: modbus?.host ?? "", port: modbus?.port, unitId: modbus?.unitId,
                    pollIntervalMilliseconds: modbus?.pollIntervalMs, cycleChannel: modbus?.channels?.cycle,
                    spindleChannel: modbus?.channels?.spindle, partCounterChannel: modbus?.channels?.partCounter
                )
            )
        }
    }
}

extension Machine {
    init(_ schema: Components.Schemas.Machine) throws(CoreClientError) {
        self.init(
            id: try CoreClient.uuid(schema.id), tenantId: schema.tenantId, externalId: schema.externalId,
            name: schema.name, source: MachineSource(schema.source), createdAt: schema.createdAt, updatedAt: schema.updatedAt
        )
    }
}

extension TelemetryObservation {
    var schema: Components.Schemas.Observation {
        let value: Components.Schemas.Observation.ValuePayload? = switch self.value {
        case .number(let number): .case1(number)
        case .text(let text): .case2(text)
        case nil: nil
        }
        return .init(
            dataItemId: dataItemId, timestamp: timestamp, category: .init(rawValue: category.rawValue) ?? .event,
            _type: type, subType: subType, name: name, sequence: sequence, value: value,
            condition: conditionLevel.map { .init(level: .init(rawValue: $0) ?? .unavailable) }
        )
    }

    init(_ stored: Components.Schemas.StoredObservation) {
        let schema = stored
        let value: Value? = switch schema.value {
        case .case1(let number): .number(number)
        case .case2(let text): .text(text)
        case .case3, nil: nil
        }
        self.init(
            dataItemId: schema.dataItemId, timestamp: schema.timestamp, category: Category(rawValue: schema.category.rawValue) ?? .event,
            type: schema._type, subType: schema.subType, name: schema.name, sequence: schema.sequence, value: value,
            conditionLevel: schema.condition?.level.rawValue
        )
        receivedAt = stored.receivedAt
    }
}
