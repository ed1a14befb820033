import Foundation
import Testing

@Suite("mtc parse: plain messages, standard input and bare assets", .enabled(if: MTCProcess.isBuilt, MTCProcess.notBuilt))
struct ParseCommandTests {
    static let streams = """
        <?xml version="1.0" encoding="UTF-8"?>
        <MTConnectStreams xmlns="urn:mtconnect.org:MTConnectStreams:2.0"><Header creationTime="2026-01-01T00:00:00Z" sender="test" instanceId="7" version="2.0" bufferSize="100" nextSequence="3" firstSequence="1" lastSequence="2"/><Streams><DeviceStream name="mill" uuid="mill"><ComponentStream component="Path" componentId="p"><Events><Execution dataItemId="exec" timestamp="2026-01-01T00:00:00Z" sequence="1">ACTIVE</Execution><Program dataItemId="prog" timestamp="2026-01-01T00:00:00Z" sequence="2">O1234</Program></Events></ComponentStream></DeviceStream></Streams></MTConnectStreams>
        """

    static let cuttingTool = """
        <CuttingTool assetId="T1" serialNumber="S-1" toolId="12" deviceUuid="mill" timestamp="2026-01-01T00:00:00Z">
          <Description>a drill</Description>
          <CuttingToolLifeCycle><ProgramToolNumber>12</ProgramToolNumber></CuttingToolLifeCycle>
        </CuttingTool>
        """

    @Test func anEmptyFileIsCalledEmpty() async throws {
        let file = try TemporaryFile("")
        defer { file.remove() }
        let result = try await MTCProcess.run(["parse", file.path])
        #expect(result.status == 1)
        #expect(result.errorLines == ["Error: \(file.path): the file is empty"], "\(result)")
    }

    @Test func aTextFileIsCalledNotXML() async throws {
        let file = try TemporaryFile("machine log, not a document\nsecond line\n", suffix: ".txt")
        defer { file.remove() }
        let result = try await MTCProcess.run(["parse", file.path])
        #expect(result.status == 1)
        #expect(result.errorLines == [#"Error: \#(file.path): not an XML document: it begins with "machine log, not a document", not with '<'"#], "\(result)")
    }

    @Test func aMissingFileIsNamedOnce() async throws {
        let result = try await MTCProcess.run(["parse", "/nonexistent/probe.xml"])
        #expect(result.status == 1)
        #expect(result.errorLines == ["Error: cannot read '/nonexistent/probe.xml': no such file"], "\(result)")
    }

    @Test func aDashReadsTheDocumentFromStandardInput() async throws {
        let file = try TemporaryFile(Self.streams)
        defer { file.remove() }
        let result = try await MTCProcess.run(["parse", "-"], standardInput: file.path)
        #expect(result.status == 0, "\(result)")
        #expect(result.outputLines.first == "MTConnectStreams (agent 2.0)")
        #expect(result.outputLines.last == "  observations: 2")

        let json = try await MTCProcess.run(["parse", "-", "--json"], standardInput: file.path)
        #expect(json.status == 0, "\(json)")
        #expect(json.outputLines.count == 2)
        #expect(json.outputLines.allSatisfy { $0.hasPrefix("{") && $0.contains(#""dataItemId":"#) }, "\(json)")
    }

    @Test func emptyStandardInputIsCalledEmpty() async throws {
        let result = try await MTCProcess.run(["parse", "-"], standardInput: "/dev/null")
        #expect(result.status == 1)
        #expect(result.errorLines == ["Error: standard input is empty"], "\(result)")
    }

    @Test func standardInputIsBoundedByTheSizeLimit() async throws {
        // Sparse: 257 MiB of zeros that take no disk space.
        let file = try TemporaryFile("")
        defer { file.remove() }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file.path))
        try handle.truncate(atOffset: 257 << 20)
        try handle.close()
        let result = try await MTCProcess.run(["parse", "-"], standardInput: file.path, within: .seconds(60))
        #expect(result.status == 1)
        #expect(result.errorLines == ["Error: standard input holds more than \(256 << 20) bytes, the size limit for a document"], "\(result)")
    }

    @Test func aBareCuttingToolIsReadAsOneAsset() async throws {
        let file = try TemporaryFile(Self.cuttingTool)
        defer { file.remove() }
        let result = try await MTCProcess.run(["parse", file.path])
        #expect(result.status == 0, "\(result)")
        #expect(result.outputLines.first == "CuttingTool asset T1")
        #expect(result.outputLines.last == "  tool 12, serial number S-1, cutting items 0")

        let json = try await MTCProcess.run(["parse", "-", "--json"], standardInput: file.path)
        #expect(json.status == 0, "\(json)")
        try #require(json.outputLines.count == 1, "\(json)")
        #expect(json.outputLines[0].contains(#""assetId":"T1""#))
        #expect(json.outputLines[0].contains(#""type":"CuttingTool""#))
    }

    @Test func anUnknownRootElementIsStillRefused() async throws {
        let file = try TemporaryFile("<html><body>hello</body></html>")
        defer { file.remove() }
        let result = try await MTCProcess.run(["parse", file.path])
        #expect(result.status == 1)
        try #require(result.errorLines.count == 1, "\(result)")
        #expect(result.errorLines[0].contains("<html> is not MTConnectDevices"))
        #expect(result.errorLines[0].hasSuffix("nor is it a bare asset element with an assetId"))
    }
}
