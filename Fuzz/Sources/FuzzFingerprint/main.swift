import FuzzSupport
import IdempotencyKit

// The fingerprint of a JSON body must depend on the document only: canonical bytes are a
// fixed point of canonicalisation, any other spelling of the same document (members in
// another order, other whitespace, other escapes) has the same canonical bytes and the same
// fingerprint, and a body that is not JSON is a typed invalidJSON error for jsonBody: and a
// raw-bytes fingerprint otherwise. Fingerprints are deterministic and survive hexString.
func fingerprint(_ body: [UInt8]) -> RequestFingerprint {
    RequestFingerprint(method: "post", path: "/api/ext/event", body: body)
}

func check(_ bytes: [UInt8]) {
    let print = fingerprint(bytes)
    require(print == fingerprint(bytes), "two fingerprints of the same body differ")
    require(print.bytes.count == 32, "a fingerprint of \(print.bytes.count) bytes")
    require((try? RequestFingerprint(hexString: print.hexString)) == print, "hexString does not read back")
    require(RequestFingerprint(method: "POST", path: "/api/ext/event", body: bytes) == print,
            "the method's case changed the fingerprint")

    let canonical: [UInt8]
    do {
        canonical = try CanonicalJSON.canonicalize(bytes)
    } catch {
        require(error.code == .invalidJSON, "canonicalize failed with \(error.code)")
        do {
            _ = try RequestFingerprint(method: "POST", path: "/api/ext/event", jsonBody: bytes)
            require(false, "jsonBody: accepted a body canonicalize rejects")
        } catch {
            require(error.code == .invalidJSON, "jsonBody: failed with \(error.code)")
        }
        return
    }
    require((try? CanonicalJSON.canonicalize(canonical)) == canonical, "canonical bytes are not a fixed point")
    require((try? RequestFingerprint(method: "POST", path: "/api/ext/event", jsonBody: bytes)) == print,
            "jsonBody: and body: fingerprints of a JSON body differ")
    require(fingerprint(canonical) == print, "the canonical form has another fingerprint")

    var random = FuzzRandom(seed: bytes)
    for _ in 0..<2 {
        let variant = EquivalentJSON.rewrite(canonical, random: &random)
        let reread = try? CanonicalJSON.canonicalize(variant)
        require(reread == canonical,
                "an equivalent spelling \(String(decoding: variant.prefix(200), as: UTF8.self)) canonicalizes differently")
        require(fingerprint(variant) == print, "an equivalent spelling has another fingerprint")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
