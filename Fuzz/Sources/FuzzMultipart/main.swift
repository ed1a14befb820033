import FuzzSupport
import MTConnectAgent

// The splitter must give the same parts whatever the chunking: the body fed at once, one
// byte at a time and in random chunks yields the same parts, the same finished state and
// the same error. No part is larger than the limit. The input's first line is the boundary
// and its first byte picks a small part limit, so that limits are reached by small inputs.
struct Outcome: Equatable, CustomStringConvertible {
    var parts: [MultipartStreamSplitter.Part] = []
    var error: MultipartError?
    var finished = false

    /// Parts completed before an error are returned only by the appends before it, so with
    /// an error only the error is compared.
    static func == (lhs: Outcome, rhs: Outcome) -> Bool {
        if let error = lhs.error { return rhs.error == error }
        return rhs.error == nil && lhs.parts == rhs.parts && lhs.finished == rhs.finished
    }

    var description: String {
        let parts = parts.map { "\($0.headers.count) headers, \($0.body.count) bytes" }
        return "parts \(parts), error \(error.map(String.init(describing:)) ?? "none"), finished \(finished)"
    }
}

func split(_ body: [UInt8], boundary: String, limit: Int, chunks: [Int]) -> Outcome {
    var splitter = MultipartStreamSplitter(boundary: boundary, maximumPartSize: limit)
    var outcome = Outcome()
    var start = 0
    var sizes = chunks.makeIterator()
    do {
        while start < body.count {
            let end = min(body.count, start + max(1, sizes.next() ?? body.count))
            outcome.parts += try splitter.append(body[start..<end])
            start = end
        }
    } catch {
        outcome.error = error
    }
    outcome.finished = splitter.isFinished
    return outcome
}

func check(_ bytes: [UInt8]) {
    guard bytes.count >= 2, let newline = bytes.dropFirst().firstIndex(of: UInt8(ascii: "\n")) else { return }
    let limit = 8 + Int(bytes[0]) * 4
    let boundary = String(decoding: bytes[1..<newline], as: UTF8.self)
    guard !boundary.isEmpty, boundary.utf8.count <= 70 else { return }
    let body = Array(bytes[(newline + 1)...])

    let whole = split(body, boundary: boundary, limit: limit, chunks: [])
    for part in whole.parts {
        require(part.body.count <= limit, "a part of \(part.body.count) bytes passed a limit of \(limit)")
    }
    let bytewise = split(body, boundary: boundary, limit: limit, chunks: Array(repeating: 1, count: body.count))
    require(bytewise == whole, "byte-at-a-time gave \(bytewise), at once \(whole)")

    var random = FuzzRandom(seed: bytes)
    for _ in 0..<3 {
        let chunks = (0..<body.count).map { _ in Int.random(in: 1...max(1, body.count / 2 + 1), using: &random) }
        let chunked = split(body, boundary: boundary, limit: limit, chunks: chunks)
        require(chunked == whole, "chunks \(chunks.prefix(16)) gave \(chunked), at once \(whole)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
