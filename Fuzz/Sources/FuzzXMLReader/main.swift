import Foundation
import FuzzSupport
import MTConnectModel

// The whole-document parse and the streaming reader must agree: the same observations in
// the same order, or the same kind of error. Every failure is a typed MTConnectParseError
// (a trap, an overflow or a hang is a finding), and a parsed document survives a JSON
// round trip through its Codable conformance unchanged.
let parser = MTConnectParser()

func observations(of document: StreamsDocument) -> [Observation] {
    document.deviceStreams.flatMap { $0.componentStreams.flatMap(\.observations) }
}

func check(_ bytes: [UInt8]) {
    let whole = Result { () throws(MTConnectParseError) in try parser.parse(bytes) }

    var streamed: [Observation] = []
    var streamError: MTConnectParseError?
    do {
        try parser.forEachObservation(in: bytes) { streamed.append($0) }
    } catch let error as MTConnectParseError {
        streamError = error
    } catch {
        require(false, "forEachObservation threw an untyped error: \(error)")
    }

    switch whole {
    case .success(.streams(let document)):
        require(streamError == nil, "parse gave a streams document, forEachObservation threw \(streamError!)")
        let expected = observations(of: document)
        require(streamed.count == expected.count,
                "parse found \(expected.count) observations, forEachObservation \(streamed.count)")
        require(streamed == expected, "parse and forEachObservation read different observations")
    case .success(.error):
        require(streamError?.code == .agentError, "an MTConnectError document streamed as \(String(describing: streamError))")
    case .success:
        require(streamError?.code == .unexpectedDocument, "a non-streams document streamed as \(String(describing: streamError))")
    case .failure(let error):
        require(streamError != nil, "parse threw \(error) but forEachObservation read \(streamed.count) observations")
    }

    if case .success(let document) = whole, let json = try? JSONEncoder().encode(document) {
        guard let decoded = try? JSONDecoder().decode(MTConnectDocument.self, from: json) else {
            require(false, "a parsed document's JSON does not decode: \(String(decoding: json, as: UTF8.self))")
            return
        }
        require(decoded == document, "a parsed document changed in a JSON round trip")
    }

    // A bare asset (what @ASSET@ carries) reads through another entry point.
    _ = try? parser.parseAsset(bytes)
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
