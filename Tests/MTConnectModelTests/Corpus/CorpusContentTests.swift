import Testing
import MTConnectModel

/// Asset fragments and the content of documents of the shared corpus. Expectations are read
/// off the documents by eye or counted with Python's xml.etree.ElementTree (elements = the
/// root and every element below it).
@Suite(.enabled(if: Fixture.corpusAvailable, "the MTConnect corpus (../shared) is not next to the package"))
struct CorpusContentTests {
    static let fragments: [(String, String, String, Int)] = [
        ("fragments/cppagent_KSSP300R4SD43L240.xml", "CuttingTool", "KSSP300R4SD43L240.1", 24),
        ("fragments/cppagent_asset1.xml", "CuttingTool", "KSSP300R4SD43L240.1", 61),
        ("fragments/cppagent_asset2.xml", "CuttingTool", "KSSP300R4SD43L240.1", 59),
        ("fragments/cppagent_asset5.xml", "CuttingTool", "XXX.200", 21),
        ("fragments/cppagent_bore.xml", "Part", "BORE_1232", 62),
        ("fragments/cppagent_cutting_tool_archetype.xml", "CuttingToolArchetype", "KSSP300R4SD43L240", 3),
        ("fragments/cppagent_ext_asset_2.xml", "CuttingTool", "B732A08500HP.1", 28),
        ("fragments/mtcagentjs_cutting_tool_post.xml", "CuttingTool", "ABC", 8),
    ]

    @Test(arguments: fragments)
    func parsesEveryAssetFragment(path: String, type: String, assetId: String, elements: Int) throws {
        let asset = try MTConnectParser().parseAsset(try Fixture.corpus(path))
        #expect(asset.type == type)
        #expect(asset.assetId == assetId)
        func count(_ element: GenericElement) -> Int { 1 + element.children.map(count).reduce(0, +) }
        #expect(count(asset.element) == elements)
        #expect((asset.cuttingTool != nil) == type.hasPrefix("CuttingTool"))
    }

    @Test func theMalformedFragmentGivesItsLineAndColumn() throws {
        // SOURCES.md: "NOT well-formed: mismatched tag: line 1, column 1412".
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parseAsset(try Fixture.corpus("fragments/cppagent_asset4.xml"))
        }
        #expect(error.code == .malformedXML)
        #expect(error.line == 1)
        #expect(error.column >= 1400)
    }

    @Test func readsACuttingToolsLifeCycle() throws {
        let asset = try MTConnectParser().parseAsset(try Fixture.corpus("fragments/cppagent_asset1.xml"))
        let tool = try #require(asset.cuttingTool)
        #expect(tool.serialNumber == "1")
        #expect(tool.toolId == "KSSP300R4SD43L240")
        #expect(tool.manufacturers == "KMT,Parlec")
        #expect(tool.cutterStatus == ["NEW"])
        #expect(tool.toolLife == [CuttingTool.ToolLife(type: "PART_COUNT", countDirection: "DOWN", value: 200, limit: 300)])
        #expect(tool.measurements.count == 7)
        #expect(tool.measurements[1] == CuttingTool.Measurement(
            type: "OverallToolLength", code: "OAL", value: 222.25, nominal: 222.25, minimum: 221.996, maximum: 222.504))
        #expect(tool.cuttingItemCount == 24)
        #expect(tool.cuttingItems.first?.indices == "1-4")
        #expect(tool.cuttingItems.first?.measurements.count == 4)
        #expect(asset.timestamp?.iso8601 == "2011-05-11T13:55:22.000000Z")
    }

    @Test func keepsExtensionElementsOfAssets() throws {
        let assets = try MTConnectParser().parseAssets(try Fixture.corpus("devices_streams/cppagent_ext_asset.xml"))
        let lifeCycle = try #require(assets.assets.first?.element.child(named: "CuttingToolLifeCycle"))
        let color = try #require(lifeCycle.child(named: "Color"))
        #expect(color.namespace == "urn:example.com:ExampleAssets:1.3")
        #expect(color.text == "BLUE")
        #expect(assets.header.assetCount == 10)
    }

    @Test func readsCppagentsDataSetObservations() throws {
        let streams = try MTConnectParser().parseStreams(try Fixture.corpus(
            "embedded/cppagent_response_document_test__should_parse_data_sets_L161.xml"))
        let observations = streams.observations
        #expect(observations.map(\.value) == [
            .unavailable,
            .dataSet([DataSetEntry(key: "X100", value: "66"), DataSetEntry(key: "X101", value: "ABC"),
                      DataSetEntry(key: "X102", value: "44.6"), DataSetEntry(key: "X103", value: nil, removed: true)]),
        ])
        #expect(observations.allSatisfy { $0.name == "vars" && $0.sequence == 5_741_552 })
    }

    @Test func readsCppagentsTableObservations() throws {
        let streams = try MTConnectParser().parseStreams(try Fixture.corpus(
            "embedded/cppagent_response_document_test__should_parse_tables_L231.xml"))
        let table = try #require(streams.observations.last)
        guard case .table(let rows) = table.value else {
            Issue.record("expected a table, got \(table.value)")
            return
        }
        #expect(rows.map(\.key) == ["W1", "W2", "W3", "W4"])
        #expect(rows[1].cells == [TableCell(key: "X2", value: "4.0"), TableCell(key: "Y2", value: "5.0"),
                                  TableCell(key: "Z2", value: "6.0")])
        #expect(rows[3].removed)
    }

    @Test func readsCppagentsObservationDocument() throws {
        let streams = try MTConnectParser().parseStreams(try Fixture.corpus(
            "embedded/cppagent_response_document_test__should_parse_observations_L96.xml"))
        #expect(streams.observations.map(\.type) == ["AssetChanged", "AssetRemoved", "ControllerMode", "RotaryVelocity"])
        #expect(streams.observations.map(\.value) == [.text("TOOLABC"), .text("TOOLDEF"), .text("AUTOMATIC"), .number(1556.33)])
        #expect(streams.observations.map(\.componentId) == ["d", "d", "path1", "c"])
        #expect(streams.header.nextSequence == 5_741_581)
    }

    @Test func readsTheDeviceModelOfTheDemoAgent() throws {
        let devices = try MTConnectParser().parseDevices(try Fixture.corpus("devices_streams/cppagent_demo-agent_Devices.xml"))
        let categories = Dictionary(grouping: devices.allDataItems, by: \.category).mapValues(\.count)
        // grep -c 'category="SAMPLE"' etc. on the file.
        #expect(categories[.sample] == 85)
        #expect(categories[.event] == 100)
        #expect(categories[.condition] == 31)
    }
}
