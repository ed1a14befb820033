import Foundation
@testable import ReferenceServer
import Testing

@Suite("Cycle time and state derivation")
struct StateTrackerTests {
    let start = Date(timeIntervalSince1970: 1_769_860_800)

    func observation(_ type: String, _ value: ObservationInput.Value?, at seconds: Double) -> ObservationInput {
        ObservationInput(dataItemId: type.lowercased(), timestamp: start.addingTimeInterval(seconds), category: "EVENT", type: type, value: value)
    }

    @Test("part count increments measure cycles from boundary to boundary")
    func partCountIncrementsMeasureCycles() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("PART_COUNT", .number(10), at: 0),
            observation("PART_COUNT", .number(11), at: 5),
            observation("PART_COUNT", .number(12), at: 47.5),
            observation("PART_COUNT", .number(14), at: 127.5),
        ])
        #expect(tracker.state.lastCycleTime == 40)
        #expect(tracker.state.cycleCount == 3)
        #expect(tracker.state.cycleSource == "mtconnect")
        let times = tracker.changes.compactMap { change -> Double? in
            if case .cycleTimeChanged(let seconds, _, _, _) = change { return seconds }
            return nil
        }
        #expect(times == [42.5, 40])
    }

    @Test("cycle signal edges measure cycles and count missed pulses")
    func cycleEdgesMeasureCycles() {
        var tracker = StateTracker(state: MachineState(), source: "modbus")
        tracker.apply([
            observation("CYCLE_START", nil, at: 0),
            observation("CYCLE_START", nil, at: 30),
            observation("CYCLE_START", .number(2), at: 90),
        ])
        #expect(tracker.state.lastCycleTime == 30)
        #expect(tracker.state.cycleCount == 3)
        #expect(tracker.changes.count == 1)
    }

    @Test("execution changes are reported once per change, in time order")
    func executionChangesAreReported() {
        var tracker = StateTracker(state: MachineState(), source: "internal")
        tracker.apply([
            observation("EXECUTION", .text("ACTIVE"), at: 10),
            observation("EXECUTION", .text("READY"), at: 0),
            observation("EXECUTION", .text("ACTIVE"), at: 20),
        ])
        #expect(tracker.changes == [
            .executionChanged(execution: "READY", previous: nil, at: start),
            .executionChanged(execution: "ACTIVE", previous: "READY", at: start.addingTimeInterval(10)),
        ])
        #expect(tracker.state.execution == "ACTIVE")
    }

    @Test("a part counter reset restarts measuring without a bogus cycle")
    func counterResetRestarts() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("PART_COUNT", .number(5), at: 0),
            observation("PART_COUNT", .number(6), at: 10),
            observation("PART_COUNT", .number(0), at: 20),
            observation("PART_COUNT", .number(1), at: 32),
        ])
        #expect(tracker.state.lastCycleTime == 12)
        #expect(tracker.state.cycleCount == 1)
    }

    func cycleTimes(_ tracker: StateTracker) -> [Double] {
        tracker.changes.compactMap { change -> Double? in
            if case .cycleTimeChanged(let seconds, _, _, _) = change { return seconds }
            return nil
        }
    }

    @Test("without a part count, cycles run from one ACTIVE start to the next and resumed pauses do not split them")
    func executionMeasuresCyclesWithoutPartCount() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("EXECUTION", .text("READY"), at: 0),
            observation("EXECUTION", .text("ACTIVE"), at: 10),
            observation("EXECUTION", .text("READY"), at: 40),
            observation("EXECUTION", .text("ACTIVE"), at: 50),
            observation("EXECUTION", .text("FEED_HOLD"), at: 60),
            observation("EXECUTION", .text("ACTIVE"), at: 65),
            observation("EXECUTION", .text("PROGRAM_COMPLETED"), at: 80),
            observation("EXECUTION", .text("ACTIVE"), at: 95),
        ])
        #expect(cycleTimes(tracker) == [40, 45])
        #expect(tracker.state.cycleCount == 2)
        #expect(tracker.state.cycleBasis == .execution)
        #expect(tracker.state.measuredAt == StoreTime.milliseconds(start.addingTimeInterval(95)))
    }

    @Test("an ACTIVE state seen first is not taken as a cycle start, since the cycle may be half done")
    func firstActiveIsNotACycleStart() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("EXECUTION", .text("ACTIVE"), at: 0),
            observation("EXECUTION", .text("READY"), at: 5),
            observation("EXECUTION", .text("ACTIVE"), at: 12),
            observation("EXECUTION", .text("READY"), at: 30),
            observation("EXECUTION", .text("ACTIVE"), at: 42),
        ])
        #expect(cycleTimes(tracker) == [30])
        #expect(tracker.state.cycleCount == 1)
    }

    @Test("a machine with a part count is never measured from Execution")
    func partCountWinsOverExecution() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("PART_COUNT", .number(1), at: 0),
            observation("EXECUTION", .text("READY"), at: 1),
            observation("EXECUTION", .text("ACTIVE"), at: 2),
            observation("PART_COUNT", .number(2), at: 30),
            observation("EXECUTION", .text("READY"), at: 31),
            observation("EXECUTION", .text("ACTIVE"), at: 35),
            observation("PART_COUNT", .number(3), at: 62),
        ])
        #expect(cycleTimes(tracker) == [32])
        #expect(tracker.state.cycleCount == 1)
        #expect(tracker.state.cycleBasis == .partCount)
    }

    @Test("Execution measuring gives way to a part count that appears later, restarting the measurement")
    func partCountTakesOverFromExecution() {
        var tracker = StateTracker(state: MachineState(), source: "mtconnect")
        tracker.apply([
            observation("EXECUTION", .text("READY"), at: 0),
            observation("EXECUTION", .text("ACTIVE"), at: 10),
            observation("EXECUTION", .text("READY"), at: 20),
            observation("EXECUTION", .text("ACTIVE"), at: 30),
            observation("PART_COUNT", .number(5), at: 35),
            observation("EXECUTION", .text("READY"), at: 36),
            observation("EXECUTION", .text("ACTIVE"), at: 40),
            observation("PART_COUNT", .number(6), at: 50),
            observation("PART_COUNT", .number(7), at: 75),
        ])
        #expect(cycleTimes(tracker) == [20, 25])
        #expect(tracker.state.cycleCount == 2)
        #expect(tracker.state.cycleBasis == .partCount)
    }
}

@Suite("MTConnect element names")
struct ElementNameTests {
    @Test("streams element names become data item types", arguments: [
        ("PartCount", "PART_COUNT"), ("Execution", "EXECUTION"), ("ControllerMode", "CONTROLLER_MODE"),
        ("PART_COUNT", "PART_COUNT"), ("SYSTEM", "SYSTEM"),
    ])
    func elementNamesBecomeTypes(element: String, type: String) {
        #expect(ObservationInput.dataItemType(element) == type)
    }
}
