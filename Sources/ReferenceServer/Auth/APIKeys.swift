import Crypto
import Foundation
import _MTCSupport

/// API keys for `/api/ext`: only the SHA-256 of a key is stored, the key itself is shown once.
struct APIKeys: Sendable {
    let store: any APIKeyStore

    struct Issued: Sendable {
        var id: String
        var key: String
    }

    /// Creates a key (`mtc_` + 32 random bytes, base64url) and stores its hash.
    func create(name: String, tenantId: String) async throws -> Issued {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = "mtc_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let id = UUID().uuidString.lowercased()
        try await store.insert(id: id, name: name, tenantId: tenantId, keyHash: Self.hash(key), createdAt: StoreTime.nowMilliseconds())
        return Issued(id: id, key: key)
    }

    /// The principal of an active key, or `nil`.
    func principal(forKey key: String) async throws -> Principal? {
        guard !key.isEmpty, key.utf8.count <= 256 else { return nil }
        guard let active = try await store.activeKey(hash: Self.hash(key)) else { return nil }
        return .apiKey(keyId: active.id, tenantId: active.tenantId)
    }

    /// The lowercase hex SHA-256 of a key; runs on every ext request.
    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).hexEncodedString()
    }
}
