import Foundation
import Testing
import MTConnectModel

@Suite struct DevicesFixtureTests {
    let document: DevicesDocument

    init() throws {
        document = try MTConnectParser().parseDevices(try Fixture.bytes("devices.xml"))
    }

    @Test func readsTheAgentAndTheDevice() {
        #expect(document.version == MTConnectVersion(major: 2, minor: 3))
        #expect(document.header.assetBufferSize == 1024)
        #expect(document.devices.map(\.elementName) == ["Agent", "Device"])
        let mill = document.devices[1]
        #expect(mill.id == "vmc1")
        #expect(mill.uuid == "vmc-1-0001")
        #expect(mill.mtconnectVersion == "2.3")
        #expect(mill.otherAttributes == ["iso841Class": "6"])
        #expect(mill.description == ComponentDescription(manufacturer: "Acme", model: "VMC-400", serialNumber: "400-118",
                                                         text: "Three-axis vertical mill"))
    }

    @Test func walksTheComponentTree() {
        let mill = document.devices[1]
        // 25 DataItem elements, counted with grep on the fixture.
        #expect(document.allDataItems.count == 25)
        #expect(mill.allComponents.map(\.type) == ["Axes", "Linear", "Rotary", "Controller", "Path"])
        #expect(mill.allComponents.map(\.id) == ["axes", "x", "s", "cont", "path1"])
        #expect(mill.allComponents[2].nativeName == "SPINDLE_1")
        #expect(mill.allComponents[1].compositions == [Composition(id: "xmotor", type: "MOTOR", name: "X motor")])
    }

    @Test func readsDataItemAttributesAndConstraints() throws {
        let items = Dictionary(uniqueKeysWithValues: document.allDataItems.map { ($0.id, $0) })
        let position = try #require(items["xpos"])
        #expect(position.category == .sample)
        #expect(position.type == "POSITION")
        #expect(position.subType == "ACTUAL")
        #expect(position.name == "Xact")
        #expect(position.units == "MILLIMETER")
        #expect(position.coordinateSystem == "MACHINE")
        #expect(position.constraints == DataItemConstraints(
            minimum: -400, maximum: 400, filters: [.init(type: "MINIMUM_DELTA", value: 0.001)]))
        #expect(items["xfeed"]?.nativeScale == 60)
        #expect(items["xload"]?.statistic == "AVERAGE")
        #expect(items["xtemp"]?.compositionId == "xmotor")
        #expect(items["svib"]?.representation == .timeSeries)
        #expect(items["svib"]?.sampleRate == 1000)
        #expect(items["macros"]?.representation == .dataSet)
        #expect(items["wpo"]?.representation == .table)
        #expect(items["exec"]?.constraints?.values == ["READY", "ACTIVE", "INTERRUPTED", "STOPPED"])
        #expect(items["logic"]?.category == .condition)
    }

    @Test func keepsExtensionElements() throws {
        let maintenance = try #require(document.devices[1].otherElements.first)
        #expect(maintenance.name == "Maintenance")
        #expect(maintenance.namespace == "urn:acme.example:Mill:1.0")
        #expect(maintenance[attribute: "interval"] == "500")
    }

    @Test func aDataItemWithoutACategoryIsATypedError() throws {
        let xml = "<MTConnectDevices><Devices><Device id=\"d\"><DataItems><DataItem id=\"a\" type=\"X\"/></DataItems></Device></Devices></MTConnectDevices>"
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == .missingAttribute)
        #expect(error.message.contains("'a'"))
        #expect(error.message.contains("category"))
    }

    @Test func roundTripsThroughJSON() throws {
        let data = try JSONEncoder().encode(MTConnectDocument.devices(document))
        #expect(try JSONDecoder().decode(MTConnectDocument.self, from: data) == .devices(document))
    }
}
