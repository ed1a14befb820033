import IdempotencyKit
import Testing

@Suite("Canonical JSON and request fingerprints")
struct CanonicalJSONTests {
    @Test(arguments: [
        (#"{"b":1,"a":[true,false,null],"c":{"y":"z","x":-0.5e+3}}"#, #"{"a":[true,false,null],"b":1,"c":{"x":-0.5e+3,"y":"z"}}"#),
        ("  {\n\t\"a\" : 1 ,\r\n \"b\":[ ] }  ", #"{"a":1,"b":[]}"#),
        (#""caf\u00e9 \ud83d\ude80 \/ \n""#, "\"caf\u{e9} \u{1F680} / \\u000a\""),
        (#"{"é":1,"z":2,"a":3}"#, #"{"a":3,"z":2,"é":1}"#),
        ("[1.0,1,10,1e2]", "[1.0,1,10,1e2]"),
    ])
    func writesEveryDocumentInOneCanonicalForm(input: String, expected: String) throws {
        let canonical = try CanonicalJSON.canonicalize(Array(input.utf8))
        #expect(String(decoding: canonical, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", "-", "1e", "tru", "nul", "\"\\x\"",
        "\"unterminated", "\"tab\there\"", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "\"\\udc00\"", "[1] [2]", "{a:1}",
    ])
    func rejectsInvalidJSONWithATypedError(input: String) {
        #expect(throws: IdempotencyError.self) { try CanonicalJSON.canonicalize(Array(input.utf8)) }
        do {
            _ = try CanonicalJSON.canonicalize(Array(input.utf8))
        } catch {
            #expect(error.code == .invalidJSON)
        }
    }

    @Test func rejectsDeepNestingInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: IdempotencyError.self) { try CanonicalJSON.canonicalize(Array(deep.utf8)) }
        let allowed = String(repeating: "[", count: CanonicalJSON.maximumDepth) + String(repeating: "]", count: CanonicalJSON.maximumDepth)
        #expect(throws: Never.self) { try CanonicalJSON.canonicalize(Array(allowed.utf8)) }
    }

    @Test func rejectsInvalidUTF8InStrings() {
        #expect(throws: IdempotencyError.self) { try CanonicalJSON.canonicalize([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func fingerprintIgnoresKeyOrderAndWhitespaceButNotValues() {
        let a = RequestFingerprint(method: "POST", path: "/e", body: Array(#"{"a":{"b":1,"c":[1,2]},"d":"x"}"#.utf8))
        let b = RequestFingerprint(method: "post", path: "/e", body: Array("{ \"d\" : \"x\",\n \"a\" : { \"c\" : [ 1 , 2 ], \"b\" : 1 } }".utf8))
        let changedNested = RequestFingerprint(method: "POST", path: "/e", body: Array(#"{"a":{"b":2,"c":[1,2]},"d":"x"}"#.utf8))
        let reorderedArray = RequestFingerprint(method: "POST", path: "/e", body: Array(#"{"a":{"b":1,"c":[2,1]},"d":"x"}"#.utf8))
        let otherPath = RequestFingerprint(method: "POST", path: "/f", body: Array(#"{"a":{"b":1,"c":[1,2]},"d":"x"}"#.utf8))
        let otherMethod = RequestFingerprint(method: "PUT", path: "/e", body: Array(#"{"a":{"b":1,"c":[1,2]},"d":"x"}"#.utf8))
        #expect(a == b)
        #expect(Set([a, changedNested, reorderedArray, otherPath, otherMethod]).count == 5)
    }

    @Test func fingerprintIsStableAcrossReleases() throws {
        // A stored fingerprint must still match after an upgrade; this pins the v1 algorithm.
        let fingerprint = RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array(#"{"b":2,"a":1}"#.utf8))
        let recomputed = RequestFingerprint(method: "POST", path: "/api/ext/event", body: Array(#"{"a":1,"b":2}"#.utf8))
        #expect(fingerprint == recomputed)
        // Computed independently with Python's hashlib from the documented v1 layout.
        #expect(fingerprint.hexString == "2ac7b2a87d5fc9bd5f23f1d065f33296d0b2df91226efac68480d5f428fc8795")
        #expect(try RequestFingerprint(hexString: fingerprint.hexString) == fingerprint)
        #expect(try RequestFingerprint(bytes: fingerprint.bytes) == fingerprint)
    }

    @Test func nonJSONBodiesAreHashedByteForByte() throws {
        let text = RequestFingerprint(method: "POST", path: "/e", body: Array("a=1&b=2".utf8))
        let reordered = RequestFingerprint(method: "POST", path: "/e", body: Array("b=2&a=1".utf8))
        #expect(text != reordered)
        // A raw body never collides with a JSON body of the same bytes.
        let json = RequestFingerprint(method: "POST", path: "/e", body: Array("1".utf8))
        let forcedJSON = try RequestFingerprint(method: "POST", path: "/e", jsonBody: Array("1".utf8))
        #expect(json == forcedJSON)
        #expect(throws: IdempotencyError.self) { try RequestFingerprint(method: "POST", path: "/e", jsonBody: Array("a=1".utf8)) }
    }

    @Test(arguments: ["", "zz", String(repeating: "g", count: 64), String(repeating: "a", count: 63)])
    func rejectsDamagedStoredFingerprints(hex: String) {
        #expect(throws: IdempotencyError.self) { try RequestFingerprint(hexString: hex) }
    }
}
