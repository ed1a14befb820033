import Testing
import MTConnectModel

@Suite struct StreamsVersionTests {
    static func document(root: String, headerVersion: String) -> [UInt8] {
        Array(xml: """
            <\(root)>
              <Header instanceId="7" bufferSize="10" version="\(headerVersion)" firstSequence="1" lastSequence="2" nextSequence="3"/>
              <Streams><DeviceStream name="m"><ComponentStream component="Path" componentId="p">
                <Events><Execution dataItemId="e" sequence="2" timestamp="2010-01-01T00:00:00Z">READY</Execution></Events>
              </ComponentStream></DeviceStream></Streams>
            </\(root.split(separator: " ")[0])>
            """)
    }

    @Test(arguments: [
        ("MTConnectStreams", "1.1.0.8", MTConnectVersion(major: 1, minor: 1)),
        ("MTConnectStreams xmlns=\"urn:mtconnect.org:MTConnectStreams:1.0\"", "1.0.1", MTConnectVersion(major: 1, minor: 0)),
        ("m:MTConnectStreams xmlns:m=\"urn:mtconnect.org:MTConnectStreams:1.3\"", "1.3.0", MTConnectVersion(major: 1, minor: 3)),
        ("MTConnectStreams xmlns=\"urn:mtconnect.org:MTConnectStreams:2.7\"", "2.5.0.1", MTConnectVersion(major: 2, minor: 7)),
        ("MTConnectStreams xmlns=\"urn:example.com:NotMTConnect\"", "2.2.0", MTConnectVersion(major: 2, minor: 2)),
    ])
    func readsEveryVersionAndNamespaceStyleAlike(root: String, headerVersion: String, expected: MTConnectVersion) throws {
        let streams = try MTConnectParser().parseStreams(Self.document(root: root, headerVersion: headerVersion))
        #expect(streams.version == expected)
        #expect(streams.header.instanceId == 7)
        #expect(streams.observations.map(\.value) == [.text("READY")])
    }

    @Test func anUnknownConditionLevelIsATypedError() throws {
        let xml = """
            <MTConnectStreams><Streams><DeviceStream name="m"><ComponentStream component="Path" componentId="p">
            <Condition><Severe dataItemId="c" type="SYSTEM" sequence="1" timestamp="2010-01-01T00:00:00Z"/></Condition>
            </ComponentStream></DeviceStream></Streams></MTConnectStreams>
            """
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parseStreams(Array(xml: xml)) }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains("Severe"))
        #expect(error.line == 2)
    }

    @Test func aTimeSeriesWithAWordInItIsATypedError() throws {
        let xml = """
            <MTConnectStreams><Streams><DeviceStream name="m"><ComponentStream component="Path" componentId="p">
            <Samples><PositionTimeSeries dataItemId="t" sampleCount="2" sequence="1" timestamp="2010-01-01T00:00:00Z">1.0 lots</PositionTimeSeries></Samples>
            </ComponentStream></DeviceStream></Streams></MTConnectStreams>
            """
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parseStreams(Array(xml: xml)) }
        #expect(error.code == .invalidValue)
        #expect(error.message.contains("lots"))
    }

    @Test func readsAFileByPathAndReportsAMissingOne() throws {
        let document = try MTConnectParser().parse(contentsOfFile: try Fixture.path("streams.xml"))
        #expect(document.kindName == "MTConnectStreams")
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parse(contentsOfFile: "/nonexistent/\(UInt64.random(in: 0...UInt64.max)).xml")
        }
        #expect(error.code == .fileUnreadable)
    }
}
