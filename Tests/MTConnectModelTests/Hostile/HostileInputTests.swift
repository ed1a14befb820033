import Foundation
import Testing
import TestSupport
import MTConnectModel

@Suite struct HostileInputTests {
    static let streamsHead = """
        <MTConnectStreams xmlns="urn:mtconnect.org:MTConnectStreams:2.0"><Header instanceId="1" bufferSize="1"/>
        <Streams><DeviceStream name="d"><ComponentStream component="Path" componentId="p"><Events>
        """
    static let streamsTail = "</Events></ComponentStream></DeviceStream></Streams></MTConnectStreams>"

    @Test func externalEntitiesAreNeverLoaded() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE MTConnectStreams [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            \(Self.streamsHead)<Program dataItemId="p" sequence="1" timestamp="2024-01-01T00:00:00Z">&x;</Program>\(Self.streamsTail)
            """
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parse(Array(xml: xml))
        }
        #expect(error.code == .doctypeNotAllowed)
        #expect(error.line == 2)
        #expect(!error.description.contains("root:"))
    }

    @Test func billionLaughsIsRefusedAtOnce() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">\n"
        }
        xml += "]>\n\(Self.streamsHead)<Program dataItemId=\"p\" sequence=\"1\" timestamp=\"2024-01-01T00:00:00Z\">&lol9;</Program>\(Self.streamsTail)"
        let error = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().parse(Array(xml: xml))
        }
        #expect(error.code == .doctypeNotAllowed)
    }

    @Test func aDoctypeHiddenBehindCommentsIsStillFound() throws {
        let xml = "<?xml version=\"1.0\"?><!-- <Fake> --><!DOCTYPE x [<!ENTITY a \"b\">]><MTConnectStreams/>"
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == .doctypeNotAllowed)
    }

    @Test func aUTF16DoctypeIsRefusedByTheReaderItself() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY a \"b\">]><MTConnectStreams>&a;</MTConnectStreams>"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in xml.utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(bytes) }
        #expect(error.code == .doctypeNotAllowed)
    }

    @Test func undeclaredEntitiesAreMalformed() throws {
        let xml = "\(Self.streamsHead)<Program dataItemId=\"p\" sequence=\"1\" timestamp=\"2024-01-01T00:00:00Z\">&x;</Program>\(Self.streamsTail)"
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == .malformedXML)
        #expect(error.line == 2)
    }

    @Test func documentsOverTheSizeLimitAreRefusedBeforeParsing() throws {
        let bytes = try Fixture.bytes("streams.xml")
        let parser = MTConnectParser(limits: ParserLimits(maximumBytes: 1024))
        let error = try #require(throws: MTConnectParseError.self) { try parser.parse(bytes) }
        #expect(error.code == .documentTooLarge)
        #expect(error.message.contains("1024"))
    }

    @Test func nestingBeyondTheDepthLimitIsRefused() throws {
        let xml = "<MTConnectDevices>" + String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100) + "</MTConnectDevices>"
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == .tooDeep)
        #expect(error.line == 1)
        #expect(error.column > 0)
    }

    @Test func truncatedDocumentsGiveLineAndColumn() throws {
        let bytes = try Fixture.bytes("streams.xml")
        for cut in stride(from: 200, to: bytes.count - 1, by: 397) {
            let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(bytes[..<cut]) }
            #expect(error.code == .malformedXML)
            #expect(error.line > 0)
        }
    }

    @Test(arguments: [
        ("", MTConnectParseError.Code.malformedXML),
        ("not xml at all", .malformedXML),
        ("<MTConnectStreams><Header></MTConnectStreams>", .malformedXML),
        ("<html><body/></html>", .unknownDocument),
        ("<x:MTConnectStreams/>", .malformedXML),
    ])
    func badInputGivesATypedError(xml: String, code: MTConnectParseError.Code) throws {
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == code)
    }

    @Test(arguments: [
        ("sequence=\"x1\" timestamp=\"2024-01-01T00:00:00Z\" dataItemId=\"p\"", MTConnectParseError.Code.invalidValue),
        ("sequence=\"1\" timestamp=\"yesterday\" dataItemId=\"p\"", .invalidValue),
        ("sequence=\"1\" timestamp=\"2024-01-01T00:00:00Z\"", .missingAttribute),
        ("sequence=\"99999999999999999999999\" timestamp=\"2024-01-01T00:00:00Z\" dataItemId=\"p\"", .invalidValue),
    ])
    func badObservationAttributesGiveATypedErrorWithAPosition(attributes: String, code: MTConnectParseError.Code) throws {
        let xml = "\(Self.streamsHead)\n<Program \(attributes)>x</Program>\(Self.streamsTail)"
        let error = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(Array(xml: xml)) }
        #expect(error.code == code)
        #expect(error.line == 3)
    }

    // Found by Fuzz/FuzzXMLReader: the whole-document parse trapped (index out of range)
    // where the streaming reader went on; both now refuse the document the same way.
    @Test("observations outside a ComponentStream of a DeviceStream are a typed error in both readers", arguments: [
        "<Streams><DeviceStream name=\"d\"><Samples><Position dataItemId=\"x\" sequence=\"1\" timestamp=\"2024-01-01T00:00:00Z\">1</Position></Samples></DeviceStream></Streams>",
        "<Streams><Events><Program dataItemId=\"p\" sequence=\"1\" timestamp=\"2024-01-01T00:00:00Z\">x</Program></Events></Streams>",
        "<Streams><ComponentStream component=\"Path\" componentId=\"p\"/></Streams>",
        "<Streams><DeviceStream name=\"a\"><ComponentStream component=\"Path\" componentId=\"p\"/></DeviceStream><DeviceStream name=\"b\"><Condition><Normal dataItemId=\"c\" sequence=\"2\" timestamp=\"2024-01-01T00:00:00Z\"/></Condition></DeviceStream></Streams>",
    ])
    func observationsOutsideAComponentAreRefused(body: String) throws {
        let bytes = Array(xml: "<MTConnectStreams xmlns=\"urn:mtconnect.org:MTConnectStreams:2.0\"><Header instanceId=\"1\"/>\(body)</MTConnectStreams>")
        let whole = try #require(throws: MTConnectParseError.self) { try MTConnectParser().parse(bytes) }
        #expect(whole.code == .invalidValue)
        let streamed = try #require(throws: MTConnectParseError.self) {
            try MTConnectParser().forEachObservation(in: bytes) { _ in }
        }
        #expect(streamed.code == .invalidValue)
    }

    @Test func randomGarbageNeverCrashes() {
        var generator = SeededGenerator.fromEnvironment(label: "randomGarbageNeverCrashes").generator
        let alphabet = Array("<>/=\"' &;abcMTConnectStreams!?-[]\n".utf8)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            _ = try? MTConnectParser().parse(bytes)
        }
    }
}
