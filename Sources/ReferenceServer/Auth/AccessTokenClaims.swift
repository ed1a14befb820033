import JWTKit

/// The claims of an `/api/v1` access token.
struct AccessTokenClaims: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var iat: IssuedAtClaim?
    var role: Role
    /// The tenant the token acts in; the server's default tenant when absent.
    var tenant: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
