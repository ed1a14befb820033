import _CryptoExtras
import Foundation
import JWTKit
import MTConnectCoreClient
@testable import ReferenceServer
import Testing

@Suite("RS256 access tokens")
struct RS256Tests {
    static func token(role: Role, signedBy key: JWTKit.Insecure.RSA.PrivateKey, lifetime: TimeInterval = 600) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: .sha256)
        return try await keys.sign(Self.claims(role: role, lifetime: lifetime))
    }

    static func claims(role: Role, lifetime: TimeInterval) -> AccessTokenClaims {
        AccessTokenClaims(
            sub: SubjectClaim(value: "rs256-user"), exp: ExpirationClaim(value: Date().addingTimeInterval(lifetime)),
            iat: IssuedAtClaim(value: Date()), role: role, tenant: nil
        )
    }

    @Test("a server configured with an RSA public key file accepts tokens signed by its private key and rejects forged ones")
    func publicKeyVerifiesTokens() async throws {
        let key = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let forger = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        let directory = TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pemPath = directory.appendingPathComponent("jwt-public.pem").path
        try key.publicKey.pemRepresentation.write(toFile: pemPath, atomically: true, encoding: .utf8)
        let fromEnvironment = try ReferenceServerConfiguration(environment: ["MTC_JWT_PUBLIC_KEY_FILE": pemPath])
        let pem = try #require(fromEnvironment.jwtPublicKeyPEM)

        try await TestServer.with(directory: directory, configure: { $0.jwtSecret = nil; $0.jwtPublicKeyPEM = pem }) { server in
            let admin = server.client(accessToken: try await Self.token(role: .admin, signedBy: key))
            let machine = try await admin.createMachine(externalId: "17", name: "Mill")
            #expect(try await admin.machine(id: machine.id).name == "Mill")

            let forged = server.client(accessToken: try await Self.token(role: .admin, signedBy: forger))
            let forgedError = await #expect(throws: CoreClientError.self) { try await forged.machines() }
            #expect(forgedError?.status == 401)

            let expired = server.client(accessToken: try await Self.token(role: .admin, signedBy: key, lifetime: -60))
            let expiredError = await #expect(throws: CoreClientError.self) { try await expired.machines() }
            #expect(expiredError?.status == 401)

            // Algorithm confusion: an HS256 token keyed with the public key text must not pass.
            let confused = JWTKeyCollection()
            await confused.add(hmac: HMACKey(from: pem), digestAlgorithm: .sha256)
            let confusedToken = try await confused.sign(Self.claims(role: .admin, lifetime: 600))
            let confusedError = await #expect(throws: CoreClientError.self) {
                try await server.client(accessToken: confusedToken).machines()
            }
            #expect(confusedError?.status == 401)

            let readOnly = server.client(accessToken: try await Self.token(role: .operator, signedBy: key))
            #expect(try await readOnly.machines().items.map(\.id) == [machine.id])
            let writeError = await #expect(throws: CoreClientError.self) {
                try await readOnly.createMachine(externalId: "18", name: "Lathe")
            }
            #expect(writeError?.status == 403)
        }
    }

    @Test("a public key that is not an RSA key in PEM form is a configuration error naming the setting")
    func invalidPublicKeyIsRejected() async throws {
        var configuration = ReferenceServerConfiguration()
        configuration.jwtPublicKeyPEM = "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n"
        let error = await #expect(throws: ReferenceServerError.self) { try await TokenIssuer(configuration: configuration) }
        #expect(error?.isConfiguration == true)
        #expect(error?.message.contains("MTC_JWT_PUBLIC_KEY") == true)
    }
}
