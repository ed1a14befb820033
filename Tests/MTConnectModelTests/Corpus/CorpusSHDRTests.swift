import Testing
import MTConnectModel

/// Every SHDR log of the shared corpus replays without an unparsed line.
///
/// Expected counts were established with a short Python script, not this parser: lines split
/// on `|`, `--multiline--` blocks skipped to their closing marker, `*` lines counted as
/// commands, `@…@` lines as asset commands, and each key taking 6 fields when the probe
/// document names it a CONDITION, 3 for a MESSAGE, 4 for a TIME_SERIES and 2 otherwise.
@Suite(.enabled(if: Fixture.corpusAvailable, "the MTConnect corpus (../shared) is not next to the package"))
struct CorpusSHDRTests {
    struct Expected: Sendable, CustomStringConvertible {
        let log: String
        let probe: String?
        let lines: Int
        let items: Int
        let conditions: Int
        let assets: Int
        let commands: Int

        var description: String { log }
    }

    static let logs: [Expected] = [
        Expected(log: "shdr/cppagent_okuma.txt", probe: "devices_streams/cppagent_demo-agent_Devices.xml",
                 lines: 10373, items: 25507, conditions: 40, assets: 152, commands: 9),
        Expected(log: "shdr/mtcagentjs_Mazak01.log", probe: "devices_streams/mtcagentjs_Mazak01.xml",
                 lines: 430, items: 430, conditions: 21, assets: 0, commands: 0),
        Expected(log: "shdr/mtcagentjs_Mazak03.log", probe: "devices_streams/mtcagentjs_Mazak03.xml",
                 lines: 1301, items: 1301, conditions: 25, assets: 0, commands: 0),
        Expected(log: "shdr/cppagent_simple_scenario_1.txt", probe: nil,
                 lines: 12, items: 14, conditions: 0, assets: 0, commands: 0),
        Expected(log: "shdr/cppagent_cuttingtool_scenario.txt", probe: nil,
                 lines: 0, items: 0, conditions: 0, assets: 3, commands: 0),
        Expected(log: "shdr/mtcagentjs_cuttingtool_scenario.txt", probe: nil,
                 lines: 0, items: 0, conditions: 0, assets: 3, commands: 0),
    ]

    struct Tally: Equatable {
        var lines = 0, items = 0, conditions = 0, assets = 0, commands = 0
    }

    static func tally(_ lines: [SHDRLine]) -> Tally {
        var tally = Tally()
        for line in lines {
            switch line {
            case .observations(let record):
                tally.lines += 1
                tally.items += record.items.count
                tally.conditions += record.items.filter { if case .condition = $0.value { true } else { false } }.count
            case .asset: tally.assets += 1
            case .command, .ping, .pong: tally.commands += 1
            }
        }
        return tally
    }

    @Test(arguments: logs)
    func replaysEveryLogWithItsProbe(expected: Expected) throws {
        let schema = try expected.probe.map { SHDRSchema(devices: try MTConnectParser().parseDevices(try Fixture.corpus($0))) }
        let lines = try SHDRParser.replay(try Fixture.corpus(expected.log), schema: schema)
        #expect(Self.tally(lines) == Tally(lines: expected.lines, items: expected.items, conditions: expected.conditions,
                                           assets: expected.assets, commands: expected.commands))
    }

    @Test(arguments: logs)
    func replaysEveryLogWithoutAProbeToTheSameShape(expected: Expected) throws {
        let lines = try SHDRParser.replay(try Fixture.corpus(expected.log))
        #expect(Self.tally(lines) == Tally(lines: expected.lines, items: expected.items, conditions: expected.conditions,
                                           assets: expected.assets, commands: expected.commands))
    }

    @Test func theAssetsOfTheCuttingToolScenarioParse() throws {
        let lines = try SHDRParser.replay(try Fixture.corpus("shdr/cppagent_cuttingtool_scenario.txt"))
        var assetIds: [String] = []
        for case .asset(let command) in lines {
            guard case .add(_, let type, let xml) = command.action else { continue }
            let asset = try MTConnectParser().parseAsset(Array(xml.utf8))
            #expect(asset.type == type)
            assetIds.append(asset.assetId)
        }
        #expect(assetIds == ["ABC", "XYZ", "FOO"])
    }

    @Test func theMultilineAssetsOfTheOkumaLogParse() throws {
        let lines = try SHDRParser.replay(try Fixture.corpus("shdr/cppagent_okuma.txt"))
        var added = 0
        for case .asset(let command) in lines {
            guard case .add(let assetId, _, let xml) = command.action else { continue }
            #expect(try MTConnectParser().parseAsset(Array(xml.utf8)).assetId == assetId)
            added += 1
        }
        // grep -c '|@ASSET@|' shdr/cppagent_okuma.txt
        #expect(added == 118)
    }

    @Test func theBigDataSetPayloadReadsAsADataSet() throws {
        let payload = String(decoding: try Fixture.corpus("shdr/cppagent_big_data_set.txt"), as: UTF8.self)
        let line = "2024-01-01T00:00:00Z|vars|\(payload.trimmingSpaces)"
        var parser = SHDRParser(schema: SHDRSchema(kinds: ["vars": .dataSet]))
        guard case .observations(let record) = try parser.parse(line: line),
              case .dataSet(let entries) = record.items.first?.value else {
            Issue.record("the payload did not read as a data set")
            return
        }
        // python: len(open(...).read().split()) == 2088; every token is key=value.
        #expect(entries.count == 2088)
        #expect(entries.allSatisfy { !$0.removed && $0.value != nil })
        #expect(entries.first == DataSetEntry(key: "105", value: "1"))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
