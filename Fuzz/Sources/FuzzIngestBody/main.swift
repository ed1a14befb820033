import FuzzSupport
@_spi(Fuzzing) import ReferenceServer

// A `POST /internal/machines/{id}/data` body goes through the server's hand-written decoder
// and its error mapping. Whatever the bytes, the answer is a value or a 400/422 problem (a 5xx
// for client input is a bug), the same bytes always get the same answer, and the generated
// types (the reference the hand-written decoder replaces) accept exactly the same bodies,
// with as many observations.
func check(_ bytes: [UInt8]) {
    let outcome = blocking { await RequestBodyDecoding.ingestBatch(bytes) }
    switch outcome {
    case .accepted(let items):
        require((1...5000).contains(items), "a batch of \(items) observations accepted")
    case .rejected(let status, let type):
        require(status == 400 || status == 422, "answered \(status) \(type)")
    }
    require(blocking { await RequestBodyDecoding.ingestBatch(bytes) } == outcome, "the same body got another answer")
    // Foundation's JSONDecoder also reads UTF-16 and UTF-32 (by a byte order mark, or NULs in
    // the first four bytes); JSON on a network is UTF-8 (RFC 8259 §8.1) and the server reads only that.
    let otherEncoding = bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.prefix(4).contains(0)
    guard !otherEncoding else { return }
    let reference = blocking { await RequestBodyDecoding.ingestBatchThroughGeneratedTypes(bytes) }
    switch (outcome, reference) {
    case (.accepted(let items), .accepted(let expected)):
        require(items == expected, "\(items) observations read, the generated types read \(expected)")
    case (.rejected, .rejected):
        break
    default:
        require(false, "answered \(outcome), the generated types \(reference)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
