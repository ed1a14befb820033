import Crypto
import _MTCSupport

/// A SHA-256 digest that identifies a request's payload: its method, path and body.
///
/// A JSON body is hashed in its canonical form (see ``CanonicalJSON``), so a client that
/// re-serialises the same document with another key order or whitespace on retry still
/// matches; a change to any value, however deeply nested, does not. A body that is not JSON
/// (or is empty) is hashed byte for byte.
public struct RequestFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Fingerprints a request, hashing a JSON body canonically and any other body as raw bytes.
    ///
    /// - Parameters:
    ///   - method: The HTTP method; compared case-insensitively.
    ///   - path: The request path (with its query, if the query selects what the request does).
    ///   - body: The request body.
    public init(method: String, path: String, body: some Collection<UInt8>) {
        if let canonical = try? CanonicalJSON.canonicalize(body) {
            self.init(method: method, path: path, kind: 0x4A, payload: canonical)
        } else {
            self.init(method: method, path: path, kind: 0x52, payload: Array(body))
        }
    }

    /// Fingerprints a request whose body must be JSON.
    ///
    /// - Throws: ``IdempotencyError/Code/invalidJSON`` when the body is not valid JSON.
    public init(method: String, path: String, jsonBody: some Collection<UInt8>) throws(IdempotencyError) {
        self.init(method: method, path: path, kind: 0x4A, payload: try CanonicalJSON.canonicalize(jsonBody))
    }

    /// Restores a fingerprint a store persisted.
    ///
    /// - Throws: ``IdempotencyError/Code/corruptedRecord`` unless `bytes` holds exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(IdempotencyError) {
        guard bytes.count == SHA256.byteCount else {
            throw .corruptedRecord("a fingerprint has \(bytes.count) bytes instead of \(SHA256.byteCount)")
        }
        self.bytes = Array(bytes)
    }

    /// Restores a fingerprint from its ``hexString``.
    ///
    /// - Throws: ``IdempotencyError/Code/corruptedRecord`` unless `hexString` is 64 hex digits.
    public init(hexString: String) throws(IdempotencyError) {
        guard hexString.utf8.count == 2 * SHA256.byteCount else {
            throw .corruptedRecord("a fingerprint has \(hexString.utf8.count) hex digits instead of \(2 * SHA256.byteCount)")
        }
        guard let bytes = [UInt8](hexEncoded: hexString) else {
            throw .corruptedRecord("a fingerprint contains a character that is not a hex digit")
        }
        self.bytes = bytes
    }

    /// Each part is length-prefixed so that no (method, path, body) triple can be shifted into
    /// another; `kind` keeps a raw body from matching a JSON body with the same bytes.
    private init(method: String, path: String, kind: UInt8, payload: [UInt8]) {
        var hasher = SHA256()
        hasher.update(data: Array("mtc-idempotency-v1".utf8))
        for part in [Array(method.uppercased().utf8), Array(path.utf8), [kind], payload] {
            let count = UInt64(part.count)
            hasher.update(data: (0..<8).map { UInt8(truncatingIfNeeded: count >> (56 - 8 * $0)) })
            hasher.update(data: part)
        }
        bytes = Array(hasher.finalize())
    }

    /// The digest as 64 lowercase hex digits.
    public var hexString: String {
        bytes.hexEncodedString()
    }

    public var description: String {
        hexString
    }
}
