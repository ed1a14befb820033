import Crypto
import Foundation
@testable import ReferenceServer
import Testing

@Suite("JWT algorithm")
struct JWTAlgorithmTests {
    /// A token whose header says `alg` but whose signature is a valid HS256 one over it with the
    /// server's secret: only the header lies.
    static func token(alg: String, secret: String, role: String = "admin") -> String {
        func base64URL(_ data: some DataProtocol) -> String {
            Data(data).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let header = base64URL(Data(#"{"alg":"\#(alg)","typ":"JWT"}"#.utf8))
        let expiry = Int(Date().timeIntervalSince1970) + 600
        let payload = base64URL(Data(#"{"sub":"mallory","exp":\#(expiry),"iat":\#(expiry - 600),"role":"\#(role)"}"#.utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(header).\(payload).\(base64URL(Data(signature)))"
    }

    @Test("a token whose header names another algorithm is refused although its HS256 signature is valid",
          arguments: ["none", "RS256", "HS512", "hs256", "ES256"])
    func otherAlgorithmsAreRefused(alg: String) async throws {
        try await TestServer.with { server in
            let forged = Self.token(alg: alg, secret: TestServer.jwtSecret)
            let response = try await send(.GET, "\(server.baseURL)/api/v1/machines", headers: [("Authorization", "Bearer \(forged)")])
            #expect(response.status == 401)
            #expect(response.header("Content-Type") == "application/problem+json")
        }
    }

    @Test("the same hand-made token with alg HS256 is accepted, so the refusal above is the header's")
    func theConfiguredAlgorithmIsAccepted() async throws {
        try await TestServer.with { server in
            let token = Self.token(alg: "HS256", secret: TestServer.jwtSecret)
            let response = try await send(.GET, "\(server.baseURL)/api/v1/machines", headers: [("Authorization", "Bearer \(token)")])
            #expect(response.status == 200)
        }
    }

    @Test("headers that are not base64url JSON have no algorithm", arguments: ["", ".", "!!!.x.y", "bnVsbA.x.y", "e30.x.y"])
    func malformedHeadersHaveNoAlgorithm(token: String) {
        #expect(TokenIssuer.headerAlgorithm(of: token) == nil)
    }
}
