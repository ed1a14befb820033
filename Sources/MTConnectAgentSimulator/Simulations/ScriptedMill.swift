/// A deterministic mill for ``SimulatedDevice/mill``: it powers up, runs a program in cycles
/// (execution `READY` → `ACTIVE` → `READY`, spindle speed and X position while cutting, the part
/// count at the end of each cycle) and raises and clears a spindle alarm every few parts.
public struct ScriptedMill: SimulationSource {
    private var step = 0
    private var partCount = 0
    /// Steps in one machining cycle, including the load step.
    public let cycleLength: Int
    /// Every this many parts a `FAULT` is raised for a step and then cleared.
    public let alarmEvery: Int

    public init(cycleLength: Int = 8, alarmEvery: Int = 5) {
        self.cycleLength = max(cycleLength, 4)
        self.alarmEvery = max(alarmEvery, 1)
    }

    public mutating func nextStep() -> [SimulatedObservation] {
        defer { step += 1 }
        if step == 0 {
            return [
                SimulatedObservation(dataItemId: "avail", value: .value("AVAILABLE")),
                SimulatedObservation(dataItemId: "mode", value: .value("AUTOMATIC")),
                SimulatedObservation(dataItemId: "program", value: .value("O1234")),
                SimulatedObservation(dataItemId: "execution", value: .value("READY")),
                SimulatedObservation(dataItemId: "partcount", value: .value("0")),
                SimulatedObservation(dataItemId: "system", value: .condition(level: "NORMAL")),
            ]
        }
        let phase = (step - 1) % cycleLength
        switch phase {
        case 0:
            return [
                SimulatedObservation(dataItemId: "execution", value: .value("ACTIVE")),
                SimulatedObservation(dataItemId: "Sspeed", value: .value("1200")),
            ]
        case cycleLength - 2:
            return [
                SimulatedObservation(dataItemId: "Sspeed", value: .value("0")),
                SimulatedObservation(dataItemId: "execution", value: .value("READY")),
            ]
        case cycleLength - 1:
            partCount += 1
            var batch = [SimulatedObservation(dataItemId: "partcount", value: .value(String(partCount)))]
            if partCount % alarmEvery == 0 {
                batch.append(SimulatedObservation(dataItemId: "system", value: .condition(
                    level: "FAULT", nativeCode: "2010", severity: "2", text: "Spindle overload")))
                batch.append(SimulatedObservation(dataItemId: "message", value: .message(nativeCode: "M2010", text: "Check spindle load & coolant <now>")))
            } else if partCount % alarmEvery == 1, partCount > 1 {
                batch.append(SimulatedObservation(dataItemId: "system", value: .condition(level: "NORMAL")))
            }
            return batch
        default:
            let speed = 1200 + 150 * phase
            let position = Double(phase) * 12.5
            return [
                SimulatedObservation(dataItemId: "Sspeed", value: .value(String(speed))),
                SimulatedObservation(dataItemId: "Xact", value: .value(String(position))),
            ]
        }
    }
}
