import Testing
import MTConnectModel

@Suite struct StreamsFixtureTests {
    let document: StreamsDocument

    init() throws {
        document = try MTConnectParser().parseStreams(try Fixture.bytes("streams.xml"))
    }

    func observation(_ dataItemId: String) throws -> Observation {
        try #require(document.observations.first { $0.dataItemId == dataItemId })
    }

    @Test func readsTheHeaderAndTheVersionFromTheNamespace() throws {
        #expect(document.version == MTConnectVersion(major: 2, minor: 3))
        #expect(document.header.instanceId == 1_715_670_000)
        #expect(document.header.bufferSize == 131_072)
        #expect(document.header.firstSequence == 1)
        #expect(document.header.lastSequence == 2040)
        #expect(document.header.nextSequence == 2041)
        #expect(document.header.sender == "mill-agent")
        #expect(document.header.version == "2.3.0.4")
        #expect(document.header.creationTime?.iso8601 == "2024-05-14T08:15:02.417000Z")
        #expect(document.header.deviceModelChangeTime?.iso8601 == "2024-05-14T06:00:00.000001Z")
    }

    @Test func keepsTheStreamStructure() {
        // 24 observation elements, counted with grep on the fixture.
        #expect(document.observations.count == 24)
        #expect(document.deviceStreams.map(\.name) == ["VMC-1"])
        #expect(document.deviceStreams[0].uuid == "vmc-1-0001")
        #expect(document.deviceStreams[0].componentStreams.map(\.componentId) == ["vmc1", "x", "s", "path1"])
        #expect(document.deviceStreams[0].componentStreams[2].nativeName == "SPINDLE_1")
        #expect(document.observations.map(\.sequence).sorted() == Array(2001...2029).filter { ![2005, 2006, 2007, 2008, 2009].contains($0) })
    }

    @Test func readsNumericSamplesWithTheirContext() throws {
        let position = try observation("xpos")
        #expect(position.category == .sample)
        #expect(position.type == "Position")
        #expect(position.name == "Xact")
        #expect(position.subType == "ACTUAL")
        #expect(position.value == .number(-125.0412))
        #expect(position.timestamp.iso8601 == "2024-05-14T08:14:01.000123Z")
        #expect(position.deviceName == "VMC-1")
        #expect(position.deviceUUID == "vmc-1-0001")
        #expect(position.componentId == "x")
    }

    @Test func readsStatisticsAndUnavailableSamples() throws {
        let load = try observation("xload")
        #expect(load.statistic == "AVERAGE")
        #expect(load.duration == 10)
        #expect(load.resetTriggered == "PERIOD")
        #expect(load.value == .number(21.7))
        let temperature = try observation("xtemp")
        #expect(temperature.value == .unavailable)
        #expect(temperature.isUnavailable)
        #expect(temperature.compositionId == "xmotor")
    }

    @Test func readsTimeSeriesAndThreeSpaceSamples() throws {
        let vibration = try observation("svib")
        #expect(vibration.value == .timeSeries(TimeSeries(
            sampleCount: 8, sampleRate: 1000, values: [0.12, 0.15, -0.03, 0.44, 0.41, 0.02, -0.18, -0.2])))
        #expect(try observation("ppos").value == .threeSpace(ThreeSpace(x: 10.5, y: -20.25, z: 3)))
    }

    @Test func readsEventsWithEntitiesCDATAAndExtraAttributes() throws {
        #expect(try observation("exec").value == .text("ACTIVE"))
        #expect(try observation("pgm").value == .text("O1234 BRACKET & PLATE"))
        #expect(try observation("msg").value == .text("Check coolant <level>"))
        #expect(try observation("msg").otherAttributes == ["nativeCode": "M-17"])
        // Events are text even when they look like numbers.
        #expect(try observation("pc").value == .text("418"))
        let asset = try observation("asset_chg")
        #expect(asset.value == .text("T12.1"))
        #expect(asset.otherAttributes["assetType"] == "CuttingTool")
    }

    @Test func readsConditionsAtEveryLevel() throws {
        #expect(try observation("xtravel").value == .condition(Condition(level: .normal)))
        #expect(try observation("xtravel").type == "POSITION")
        #expect(try observation("stemp_cond").value == .condition(Condition(
            level: .warning, nativeCode: "OT-301", nativeSeverity: "2", qualifier: "HIGH", conditionId: "ot1",
            message: "Spindle bearing temperature high")))
        #expect(try observation("logic").value == .condition(Condition(
            level: .fault, nativeCode: "1010", message: "Illegal G-code in block N420")))
        let motion = try observation("motion")
        #expect(motion.value == .condition(Condition(level: .unavailable)))
        #expect(motion.isUnavailable)
    }

    @Test func readsDataSetsAndTables() throws {
        let macros = try observation("macros")
        #expect(macros.value == .dataSet([
            DataSetEntry(key: "#100", value: "12.5"), DataSetEntry(key: "#101", value: "CLAMPED"),
            DataSetEntry(key: "#102", value: nil, removed: true),
        ]))
        #expect(macros.resetTriggered == "MANUAL")
        #expect(macros.otherAttributes["count"] == "3")
        #expect(try observation("wpo").value == .table([
            TableEntry(key: "G54", cells: [TableCell(key: "X", value: "100.0"), TableCell(key: "Y", value: "-50.5"),
                                           TableCell(key: "Z", value: "0")]),
            TableEntry(key: "G55", removed: true),
        ]))
        #expect(try observation("tofs").value == .unavailable)
    }

    @Test func keepsExtensionNamespaceObservations() throws {
        let coolant = try observation("acme_cc")
        #expect(coolant.type == "CoolantConcentration")
        #expect(coolant.category == .event)
        #expect(coolant.value == .text("7.5"))
    }

    @Test func streamingGivesTheSameObservationsAsTheTree() throws {
        var streamed: [Observation] = []
        var header: Header?
        try MTConnectParser().forEachObservation(in: try Fixture.bytes("streams.xml"), header: { header = $0 }) {
            streamed.append($0)
        }
        #expect(header == document.header)
        #expect(streamed == document.observations)
    }

    @Test func streamingStopsWhenTheCallerThrows() throws {
        struct Enough: Error {}
        var seen = 0
        #expect(throws: Enough.self) {
            try MTConnectParser().forEachObservation(in: try Fixture.bytes("streams.xml")) { _ in
                seen += 1
                if seen == 3 { throw Enough() }
            }
        }
        #expect(seen == 3)
    }
}
