import Foundation
import Testing
@testable import ReferenceServer

@Suite("Machine sources as the readers see them")
struct MachineSourceSettingsTests {
    @Test("a stored Modbus source gets its defaults in one place: port 502, unit 1, a 100 ms poll")
    func modbusDefaults() throws {
        let source = try MachineSourceSettings(storedJSON: #"{"kind":"modbus","modbus":{"host":"127.0.0.1","channels":{"cycle":0}}}"#)
        #expect(source == .modbus(.init(
            host: "127.0.0.1", port: 502, unitID: 1, pollInterval: .milliseconds(100),
            cycleChannel: 0, spindleChannel: nil, partCounterChannel: nil
        )))
        #expect(source.host == "127.0.0.1")
    }

    @Test("a stored MTConnect source keeps its device and interval (at least 10 ms), and the host is the agent URL's")
    func mtconnect() throws {
        let source = try MachineSourceSettings(
            storedJSON: #"{"kind":"mtconnect","mtconnect":{"agentUrl":"http://127.0.0.1:5000/","device":"Mill","intervalMs":0}}"#
        )
        #expect(source == .mtconnect(.init(agentURL: "http://127.0.0.1:5000/", device: "Mill", interval: .milliseconds(10))))
        #expect(source.host == "127.0.0.1")
        #expect(try MachineSourceSettings(storedJSON: #"{"kind":"none"}"#) == .none)
    }

    @Test("what the API stores is what the readers read", arguments: [
        #"{"kind":"modbus","modbus":{"host":"127.0.0.1","port":1502,"unitId":3,"pollIntervalMs":50,"channels":{"cycle":0,"spindle":1,"partCounter":2}}}"#,
    ])
    func everyFieldIsRead(json: String) throws {
        #expect(try MachineSourceSettings(storedJSON: json) == .modbus(.init(
            host: "127.0.0.1", port: 1502, unitID: 3, pollInterval: .milliseconds(50),
            cycleChannel: 0, spindleChannel: 1, partCounterChannel: 2
        )))
    }

    @Test("a row the readers cannot use is a typed error naming why", arguments: [
        ("", "not valid JSON"),
        (#"{"kind":"modbus"}"#, "no modbus block"),
        (#"{"kind":"mtconnect"}"#, "no mtconnect block"),
        (#"{"kind":"opcua"}"#, "unknown source kind \"opcua\""),
        (#"{"kind":"modbus","modbus":{"port":502}}"#, "not valid JSON"),
    ])
    func unusableRows(json: String, reason: String) {
        let error = #expect(throws: StoredSourceError.self) { try MachineSourceSettings(storedJSON: json) }
        #expect(error?.description.contains(reason) == true, "\(error.map { "\($0)" } ?? "-")")
    }
}
