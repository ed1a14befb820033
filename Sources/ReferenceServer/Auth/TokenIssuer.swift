import Foundation
import JWTKit
import _MTCSupport

/// Signs and verifies access tokens with the configured key (HS256 secret or RS256 key pair).
public struct TokenIssuer: Sendable {
    private let keys: JWTKeyCollection
    private let canSign: Bool
    private let defaultTenant: String
    /// The one `alg` a token's header may name: the key decides it, never the token.
    private let algorithm: String

    /// Builds the key collection from the JWT settings of `configuration`.
    ///
    /// - Throws: ``ReferenceServerError`` when neither a secret nor a public key is configured,
    ///   or a PEM key does not parse.
    public init(configuration: ReferenceServerConfiguration) async throws {
        let keys = JWTKeyCollection()
        if let pem = configuration.jwtPublicKeyPEM {
            do {
                await keys.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
            } catch {
                throw ReferenceServerError.configuration("MTC_JWT_PUBLIC_KEY is not an RSA public key in PEM form: \(error)")
            }
            canSign = false
            algorithm = "RS256"
        } else if let secret = configuration.jwtSecret {
            guard secret.utf8.count >= 32 else {
                throw ReferenceServerError.configuration("MTC_JWT_SECRET must be at least 32 bytes long.")
            }
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
            canSign = true
            algorithm = "HS256"
        } else {
            throw ReferenceServerError.configuration("Set MTC_JWT_SECRET (HS256) or MTC_JWT_PUBLIC_KEY (RS256).")
        }
        self.keys = keys
        self.defaultTenant = configuration.tenantId
    }

    /// Issues a token for `subject` with `role`, valid for `lifetime` (HS256 only).
    public func issue(subject: String, role: Role, tenantId: String? = nil, lifetime: Duration = .seconds(12 * 3600)) async throws -> String {
        guard canSign else {
            throw ReferenceServerError.configuration("Tokens can only be issued with MTC_JWT_SECRET; with an RS256 public key, sign them where the private key lives.")
        }
        let now = Date()
        let claims = AccessTokenClaims(
            sub: SubjectClaim(value: subject),
            exp: ExpirationClaim(value: now.adding(lifetime)),
            iat: IssuedAtClaim(value: now),
            role: role,
            tenant: tenantId
        )
        return try await keys.sign(claims)
    }

    /// The principal of a valid token, or `nil` for an expired, forged or malformed one.
    func principal(forToken token: String) async -> Principal? {
        guard Self.headerAlgorithm(of: token) == algorithm,
              let claims = try? await keys.verify(token, as: AccessTokenClaims.self)
        else { return nil }
        return .user(subject: claims.sub.value, role: claims.role, tenantId: claims.tenant ?? defaultTenant)
    }

    /// The `alg` of a compact JWS header, or `nil` when the header is not base64url JSON.
    static func headerAlgorithm(of token: String) -> String? {
        guard let encoded = token.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first,
              encoded.utf8.count <= 4096
        else { return nil }
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
              let header = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return header["alg"] as? String
    }
}
