import Testing
import MTConnectModel

@Suite struct ErrorDocumentTests {
    static let legacy = """
        <?xml version="1.0"?>
        <MTConnectError xmlns="urn:mtconnect.org:MTConnectError:1.1">
          <Header creationTime="2010-03-13T17:23:05Z" sender="a" instanceId="1" bufferSize="16" version="1.1"/>
          <Error errorCode="OUT_OF_RANGE">'from' must be less than or equal to 33</Error>
        </MTConnectError>
        """

    @Test func readsTheLegacySingleErrorForm() throws {
        let errors = try MTConnectParser().parseError(Array(xml: Self.legacy))
        #expect(errors.version == MTConnectVersion(major: 1, minor: 1))
        #expect(errors.errors == [AgentError(code: .outOfRange, message: "'from' must be less than or equal to 33")])
        #expect(errors.isOutOfRange)
    }

    @Test func readsTheTypedErrorsOfVersion2_6() throws {
        let errors = try MTConnectParser().parseError(try Fixture.bytes("error-2.6.xml"))
        #expect(errors.version == MTConnectVersion(major: 2, minor: 6))
        #expect(errors.errors.map(\.code) == [.outOfRange, .invalidRequest])
        #expect(errors.errors.map(\.elementName) == ["OutOfRange", "InvalidRequest"])
        #expect(errors.errors[0].message == "'from' must be greater than or equal to 1024")
        #expect(errors.errors[0].details.map(\.name) == ["URI", "Request", "QueryParameter"])
        #expect(errors.errors[0].details[2].child(named: "Minimum")?.text == "1024")
        #expect(errors.isOutOfRange)
    }

    @Test func askingForStreamsGivesTheAgentErrorsAsATypedError() throws {
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parseStreams(Array(xml: Self.legacy))
        }
        #expect(error.code == .agentError)
        #expect(error.agentErrors?.errors.first?.code == .outOfRange)
        #expect(error.message.contains("OUT_OF_RANGE"))
    }

    @Test func streamingAnErrorDocumentThrowsTheAgentErrors() throws {
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().forEachObservation(in: try Fixture.bytes("error-2.6.xml")) { _ in }
        }
        #expect(error.code == .agentError)
        #expect(error.agentErrors?.errors.count == 2)
    }

    @Test func askingForTheWrongKindSaysWhatCame() throws {
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parseDevices(try Fixture.bytes("streams.xml"))
        }
        #expect(error.code == .unexpectedDocument)
        #expect(error.message.contains("MTConnectStreams"))
    }
}
