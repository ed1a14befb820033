import Testing
import MTConnectModel

@Suite struct SHDRFixtureTests {
    static func replay(schema: Bool) throws -> [SHDRLine] {
        let devices = try MTConnectParser().parseDevices(try Fixture.bytes("devices.xml"))
        return try SHDRParser.replay(try Fixture.bytes("mill.shdr"), schema: schema ? SHDRSchema(devices: devices) : nil)
    }

    static func items(_ lines: [SHDRLine]) -> [SHDRItem] {
        lines.flatMap { line -> [SHDRItem] in
            if case .observations(let record) = line { return record.items }
            return []
        }
    }

    @Test func readsCommandsPingAndPong() throws {
        let lines = try Self.replay(schema: true)
        #expect(Array(lines.prefix(4)) == [
            .command(name: "shdrVersion", value: "2"), .command(name: "adapterVersion", value: "1.4"),
            .ping, .pong(heartbeatMilliseconds: 10000),
        ])
    }

    @Test func readsEveryKindOfValueWithASchema() throws {
        let items = Self.items(try Self.replay(schema: true))
        let byKey = Dictionary(items.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
        // 19 key/value groups on the observation lines, counted by hand.
        #expect(items.count == 19)
        #expect(items.first { $0.key == "Xact" }?.value == .number(-125.0412))
        #expect(byKey["Xact"]?.value == .unavailable)
        #expect(byKey["Sspeed"]?.value == .number(12000.5))
        #expect(byKey["ppos"]?.value == .threeSpace(ThreeSpace(x: 10.5, y: -20.25, z: 3)))
        #expect(byKey["avail"]?.value == .text("AVAILABLE"))
        #expect(byKey["stemp_cond"]?.value == .condition(Condition(
            level: .warning, nativeCode: "OT-301", nativeSeverity: "2", qualifier: "HIGH",
            message: "Spindle bearing temperature high")))
        #expect(byKey["logic"]?.value == .condition(Condition(level: .fault, nativeCode: "1010", message: "Illegal G-code in block N420")))
        #expect(byKey["motion"]?.value == .condition(Condition(level: .unavailable)))
        #expect(byKey["msg"] == SHDRItem(key: "msg", value: .text("Check coolant level"), nativeCode: "M-17"))
        #expect(byKey["svib"]?.value == .timeSeries(TimeSeries(
            sampleCount: 8, sampleRate: 1000, values: [0.12, 0.15, -0.03, 0.44, 0.41, 0.02, -0.18, -0.2])))
        #expect(byKey["macros"] == SHDRItem(key: "macros", value: .dataSet([
            DataSetEntry(key: "#100", value: "12.5"), DataSetEntry(key: "#101", value: "CLAMPED"),
            DataSetEntry(key: "#102", value: nil, removed: true), DataSetEntry(key: "#103", value: "two words"),
        ]), resetTriggered: "MANUAL"))
        #expect(byKey["wpo"]?.value == .table([
            TableEntry(key: "G54", cells: [TableCell(key: "X", value: "100.0"), TableCell(key: "Y", value: "-50.5"),
                                           TableCell(key: "Z", value: "0")]),
            TableEntry(key: "G55", removed: true),
        ]))
        #expect(byKey["pgm"]?.value == .text("O1234 A|B"))
        #expect(byKey["block"]?.value == .text("N10 G01 X1|Y2"))
        #expect(byKey["exec"]?.value == .text("ACTIVE"))
    }

    @Test func readsTimestampsDurationsAndEmptyTimestamps() throws {
        let records = try Self.replay(schema: true).compactMap { line -> SHDRRecord? in
            if case .observations(let record) = line { return record }
            return nil
        }
        #expect(records[1].timestamp?.iso8601 == "2024-05-14T08:14:01.000123Z")
        let statistic = try #require(records.first { $0.items.first?.key == "xload" })
        #expect(statistic.duration == 10)
        #expect(statistic.timestamp?.iso8601 == "2024-05-14T08:14:03.000000Z")
        let untimed = try #require(records.last)
        #expect(untimed.timestampText.isEmpty)
        #expect(untimed.timestamp == nil)
    }

    @Test func readsAssetCommandsIncludingMultilineBlocks() throws {
        let commands = try Self.replay(schema: true).compactMap { line -> SHDRAssetCommand.Action? in
            if case .asset(let command) = line { return command.action }
            return nil
        }
        #expect(commands == [
            .add(assetId: "T12.1", type: "CuttingTool", xml: """
                <CuttingTool assetId="T12.1" toolId="12" serialNumber="1">
                  <Description>Ball end mill | 6 mm</Description>
                </CuttingTool>
                """),
            .add(assetId: "T13.1", type: "CuttingTool", xml: #"<CuttingTool assetId="T13.1" toolId="13" serialNumber="1"/>"#),
            .update(assetId: "T13.1", changes: ["ToolLife": "120"]),
            .remove(assetId: "T12.1"),
            .removeAll(type: "CuttingTool"),
        ])
        guard case .add(_, _, let xml) = commands[0] else { return }
        #expect(try MTConnectParser().parseAsset(Array(xml.utf8)).cuttingTool?.description == "Ball end mill | 6 mm")
    }

    @Test func recognisesShapesWithoutASchema() throws {
        let withSchema = Self.items(try Self.replay(schema: true))
        let without = Self.items(try Self.replay(schema: false))
        #expect(without.map(\.key) == withSchema.map(\.key))
        let keys = ["stemp_cond", "logic", "motion", "msg", "svib"]
        #expect(without.filter { keys.contains($0.key) } == withSchema.filter { keys.contains($0.key) })
    }

    @Test func anEventThatReadsNormalIsNotTakenForAConditionWithoutASchema() throws {
        var parser = SHDRParser()
        let line = try parser.parse(line: "2024-01-01T00:00:00Z|estop|NORMAL|exec|ACTIVE|mode|AUTOMATIC")
        guard case .observations(let record) = line else {
            Issue.record("expected observations, got \(String(describing: line))")
            return
        }
        #expect(record.items == [SHDRItem(key: "estop", value: .text("NORMAL")), SHDRItem(key: "exec", value: .text("ACTIVE")),
                                 SHDRItem(key: "mode", value: .text("AUTOMATIC"))])
    }

    @Test(arguments: [
        ("2024-01-01T00:00:00Z|a", 1, 22),
        ("no pipes here", 1, 1),
        ("2024-01-01T00:00:00Z|@ASSET@|T1", 1, 22),
        ("2024-01-01T00:00:00Z|@BOGUS@|T1", 1, 22),
        ("* what is this", 1, 1),
    ])
    func unreadableLinesGiveLineAndColumn(line: String, lineNumber: Int, column: Int) throws {
        let error = try #require(throws: MTConnectParseError.self) { try SHDRParser.replay(Array(line.utf8)) }
        #expect(error.code == .invalidSHDR)
        #expect(error.line == lineNumber)
        #expect(error.column == column)
    }

    @Test func badStructuredValuesAreTypedErrors() throws {
        let schema = SHDRSchema(kinds: ["ds": .dataSet, "ts": .timeSeries, "c": .condition])
        for line in ["t|ds|a='open", "t|k|v|c|NORMAL", "t|ts|x|1|1 2", "t|ts|2|1|1 two", "t|c|SEVERE||||"] {
            let error = try #require(throws: MTConnectParseError.self) {
                try SHDRParser.replay(Array("ok|k|v\n\(line)".utf8), schema: schema)
            }
            #expect(error.code == .invalidSHDR)
            #expect(error.line == 2)
        }
    }

    @Test func anUnclosedMultilineBlockIsAnError() throws {
        let error = try #require(throws: MTConnectParseError.self) {
            try SHDRParser.replay(Array("t|@ASSET@|a|Part|--multiline--X\n<Part/>\n".utf8))
        }
        #expect(error.code == .invalidSHDR)
        #expect(error.line == 1)
    }
}
