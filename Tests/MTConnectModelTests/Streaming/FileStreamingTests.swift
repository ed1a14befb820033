import Foundation
import Testing
import MTConnectModel

/// `forEachObservation(inFile:)` reads the file in chunks: the same observations as a parse of
/// the bytes, and the same refusals — a DOCTYPE found past the first chunk, the size limit
/// enforced while reading.
@Suite struct FileStreamingTests {
    private func temporaryFile(_ contents: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mtc-stream-\(UUID().uuidString).xml").path
        try Data(contents).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aFileGivesTheSameObservationsAsItsBytes() throws {
        let path = try Fixture.path("streams.xml")
        var fromBytes: [Observation] = []
        var fromFile: [Observation] = []
        try MTConnectParser().forEachObservation(in: try Fixture.bytes("streams.xml")) { fromBytes.append($0) }
        try MTConnectParser().forEachObservation(inFile: path) { fromFile.append($0) }
        #expect(!fromFile.isEmpty)
        #expect(fromFile == fromBytes)
    }

    @Test func aDoctypeBehindMoreThanAChunkOfCommentsIsRefused() throws {
        let comments = String(repeating: "<!-- padding padding padding padding -->\n", count: 4_000)
        let path = try temporaryFile(Array("<?xml version=\"1.0\"?>\n\(comments)<!DOCTYPE x [<!ENTITY a \"b\">]><MTConnectStreams/>".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().forEachObservation(inFile: path) { _ in }
        }
        #expect(error.code == .doctypeNotAllowed)
        #expect(error.line == 4_002)
    }

    @Test func aFileOverTheLimitIsRefusedBeforeParsing() throws {
        let path = try temporaryFile(try Fixture.bytes("streams.xml"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser(limits: ParserLimits(maximumBytes: 512)).forEachObservation(inFile: path) { _ in }
        }
        #expect(error.code == .documentTooLarge)
    }

    @Test func aMissingFileIsUnreadable() throws {
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().forEachObservation(inFile: "/nonexistent/streams.xml") { _ in }
        }
        #expect(error.code == .fileUnreadable)
    }

    @Test func aTruncatedFileGivesAPosition() throws {
        let bytes = try Fixture.bytes("streams.xml")
        let path = try temporaryFile(Array(bytes.prefix(bytes.count / 2)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().forEachObservation(inFile: path) { _ in }
        }
        #expect(error.code == .malformedXML)
        #expect(error.line > 0)
    }
}
