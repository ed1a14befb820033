import Testing
import MTConnectModel

/// Every XML document of the shared corpus (../shared/corpus/mtconnect, see SOURCES.md there).
///
/// The expected counts were established with Python's xml.etree.ElementTree, not with this
/// parser: devices = children of `<Devices>`, data items = every `DataItem` element,
/// observations = children of every `Samples`/`Events`/`Condition`, assets = children of
/// `<Assets>`, errors = children of `<Errors>` (or `<Error>` directly under the root).
@Suite(.enabled(if: Fixture.corpusAvailable, "the MTConnect corpus (../shared) is not next to the package"))
struct CorpusDocumentTests {
    enum Expected: Sendable, CustomStringConvertible {
        case devices(devices: Int, dataItems: Int)
        case streams(observations: Int)
        case assets(assets: Int)
        case errors(errors: Int)

        var description: String {
            switch self {
            case let .devices(devices, dataItems): "\(devices) devices, \(dataItems) data items"
            case let .streams(observations): "\(observations) observations"
            case let .assets(assets): "\(assets) assets"
            case let .errors(errors): "\(errors) errors"
            }
        }
    }

    static let documents: [(String, Expected)] = [
        ("devices_streams/cppagent_128.32.164.245.xml", .devices(devices: 2, dataItems: 40)),
        ("devices_streams/cppagent_Devices.xml", .devices(devices: 3, dataItems: 3)),
        ("devices_streams/cppagent_NoNamespace.xml", .devices(devices: 1, dataItems: 48)),
        ("devices_streams/cppagent_SimpleDevlce.xml", .devices(devices: 2, dataItems: 38)),
        ("devices_streams/cppagent_VMC-3Axis.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/cppagent_agent.mtconnect.org.xml", .devices(devices: 1, dataItems: 17)),
        ("devices_streams/cppagent_asset3.xml", .assets(assets: 1)),
        ("devices_streams/cppagent_configuration.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/cppagent_configuration1.6.xml", .devices(devices: 1, dataItems: 0)),
        ("devices_streams/cppagent_data_set.xml", .devices(devices: 1, dataItems: 13)),
        ("devices_streams/cppagent_data_set_variable.xml", .devices(devices: 1, dataItems: 9)),
        ("devices_streams/cppagent_demo-agent_Devices.xml", .devices(devices: 2, dataItems: 216)),
        ("devices_streams/cppagent_discrete_example.xml", .devices(devices: 1, dataItems: 9)),
        ("devices_streams/cppagent_docker-replicator_Devices.xml", .devices(devices: 0, dataItems: 0)),
        ("devices_streams/cppagent_dyn_load.xml", .devices(devices: 1, dataItems: 6)),
        ("devices_streams/cppagent_ext_asset.xml", .assets(assets: 1)),
        ("devices_streams/cppagent_extension.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_fanuc.xml", .devices(devices: 1, dataItems: 48)),
        ("devices_streams/cppagent_filter_example.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/cppagent_filter_example_1.3.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/cppagent_full_bore.xml", .assets(assets: 1)),
        ("devices_streams/cppagent_haas.xml", .devices(devices: 1, dataItems: 14)),
        ("devices_streams/cppagent_install-Windows-src_Devices.xml", .devices(devices: 1, dataItems: 17)),
        ("devices_streams/cppagent_kinematics.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_kinematics_2.5_data_set.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_min_config.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/cppagent_min_config2.xml", .devices(devices: 2, dataItems: 10)),
        ("devices_streams/cppagent_nist.xml", .devices(devices: 8, dataItems: 242)),
        ("devices_streams/cppagent_presetter.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_probe.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_reference_example.xml", .devices(devices: 1, dataItems: 13)),
        ("devices_streams/cppagent_relationship_test.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/cppagent_solid_model.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/cppagent_test_config.xml", .devices(devices: 1, dataItems: 32)),
        ("devices_streams/cppagent_two_devices.xml", .devices(devices: 2, dataItems: 6)),
        ("devices_streams/mtcagentjs_Devices2di.xml", .devices(devices: 1, dataItems: 2)),
        ("devices_streams/mtcagentjs_Mazak01.xml", .devices(devices: 1, dataItems: 67)),
        ("devices_streams/mtcagentjs_Mazak03.xml", .devices(devices: 1, dataItems: 65)),
        ("devices_streams/mtcagentjs_VMC-3Axis-copy.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/mtcagentjs_VMC-3Axis-no-version.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/mtcagentjs_VMC-3Axis-non-supported-version.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/mtcagentjs_VMC-3Axis-validation-fail.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/mtcagentjs_VMC-3Axis.xml", .devices(devices: 1, dataItems: 44)),
        ("devices_streams/mtcagentjs_alarm.xml", .devices(devices: 1, dataItems: 45)),
        ("devices_streams/mtcagentjs_asset.xml", .devices(devices: 1, dataItems: 2)),
        ("devices_streams/mtcagentjs_descrete_example.xml", .devices(devices: 1, dataItems: 9)),
        ("devices_streams/mtcagentjs_extension.xml", .devices(devices: 1, dataItems: 1)),
        ("devices_streams/mtcagentjs_filter_example.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/mtcagentjs_min_config.xml", .devices(devices: 1, dataItems: 8)),
        ("devices_streams/mtcagentjs_output.xml", .devices(devices: 1, dataItems: 2)),
        ("devices_streams/mtcagentjs_reference_example.xml", .devices(devices: 1, dataItems: 11)),
        ("devices_streams/mtcagentjs_test_config.xml", .devices(devices: 1, dataItems: 29)),
        ("devices_streams/mtcagentjs_test_config2.xml", .devices(devices: 1, dataItems: 32)),
        ("devices_streams/mtcagentjs_time_series.xml", .devices(devices: 1, dataItems: 48)),
        ("devices_streams/mtcagentjs_two_devices.xml", .devices(devices: 2, dataItems: 12)),
        ("devices_streams/mtcagentjs_vmc_10di.xml", .devices(devices: 1, dataItems: 10)),
        ("embedded/cppagent_mtconnect_xml_transform_test__should_add_next_to_the_context_L95.xml", .streams(observations: 0)),
        ("embedded/cppagent_mtconnect_xml_transform_test__should_return_errors_L112.xml", .errors(errors: 1)),
        ("embedded/cppagent_mtconnect_xml_transform_test__should_throw_when_instances_change_L146.xml", .streams(observations: 0)),
        ("embedded/cppagent_response_document_test__should_parse_data_sets_L161.xml", .streams(observations: 2)),
        ("embedded/cppagent_response_document_test__should_parse_errors_L372.xml", .errors(errors: 2)),
        ("embedded/cppagent_response_document_test__should_parse_legacy_error_L397.xml", .errors(errors: 1)),
        ("embedded/cppagent_response_document_test__should_parse_observations_L96.xml", .streams(observations: 4)),
        ("embedded/cppagent_response_document_test__should_parse_tables_L231.xml", .streams(observations: 2)),
    ]

    @Test(arguments: documents)
    func parsesEveryWellFormedDocumentWithTheExpectedCounts(path: String, expected: Expected) throws {
        let document = try MTConnectParser().parse(try Fixture.corpus(path))
        switch (document, expected) {
        case let (.devices(devices), .devices(deviceCount, dataItemCount)):
            #expect(devices.devices.count == deviceCount)
            #expect(devices.allDataItems.count == dataItemCount)
            #expect(devices.devices.allSatisfy { !$0.id.isEmpty })
        case let (.streams(streams), .streams(observationCount)):
            #expect(streams.observations.count == observationCount)
            var streamed = 0
            try MTConnectParser().forEachObservation(in: try Fixture.corpus(path)) { _ in streamed += 1 }
            #expect(streamed == observationCount)
        case let (.assets(assets), .assets(assetCount)):
            #expect(assets.assets.count == assetCount)
        case let (.error(errors), .errors(errorCount)):
            #expect(errors.errors.count == errorCount)
            #expect(errors.errors.allSatisfy { !$0.message.isEmpty })
        default:
            Issue.record("\(path) parsed as \(document.kindName), expected \(expected)")
        }
    }

    @Test func theCaptureWithAnUnboundPrefixIsMalformedAtItsLineAndColumn() throws {
        // SOURCES.md: "NOT well-formed: unbound prefix: line 67, column 10".
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parse(try Fixture.corpus("devices_streams/cppagent_out.xml"))
        }
        #expect(error.code == .malformedXML)
        #expect(error.line == 67)
        #expect(error.message.contains("prefix"))
    }

    @Test(arguments: [
        ("devices_streams/cppagent_128.32.164.245.xml", MTConnectVersion(major: 0, minor: 9)),
        ("devices_streams/cppagent_NoNamespace.xml", MTConnectVersion(major: 1, minor: 1)),
        ("devices_streams/cppagent_agent.mtconnect.org.xml", MTConnectVersion(major: 1, minor: 0)),
        ("devices_streams/cppagent_SimpleDevlce.xml", MTConnectVersion(major: 1, minor: 4)),
        ("devices_streams/cppagent_VMC-3Axis.xml", MTConnectVersion(major: 2, minor: 0)),
        ("devices_streams/cppagent_kinematics_2.5_data_set.xml", MTConnectVersion(major: 2, minor: 5)),
        ("devices_streams/cppagent_demo-agent_Devices.xml", MTConnectVersion(major: 2, minor: 7)),
        ("embedded/cppagent_response_document_test__should_parse_tables_L231.xml", MTConnectVersion(major: 1, minor: 8)),
    ])
    func readsTheVersionFromTheNamespaceOrTheHeader(path: String, version: MTConnectVersion) throws {
        #expect(try MTConnectParser().parse(try Fixture.corpus(path)).version == version)
    }
}
