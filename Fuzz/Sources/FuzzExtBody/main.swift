import FuzzSupport
@_spi(Fuzzing) import ReferenceServer

// A `POST /api/ext/event` body goes through the server's decoder, the generated types, the handler's
// checks and its error mapping. Whatever the bytes, the answer is a value or a 400/422
// problem (a 5xx for client input is a bug), and the same bytes always get the same answer.
func check(_ bytes: [UInt8]) {
    let outcome = blocking { await RequestBodyDecoding.extEvent(bytes) }
    switch outcome {
    case .accepted(let items):
        require(items == 1, "an event body accepted as \(items) items")
    case .rejected(let status, let type):
        require(status == 400 || status == 422, "answered \(status) \(type)")
    }
    require(blocking { await RequestBodyDecoding.extEvent(bytes) } == outcome, "the same body got another answer")
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
