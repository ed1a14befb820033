import Testing

@testable import ReferenceServer

@Suite("API key hashing")
struct APIKeyHashTests {
    // Keys are stored only as this hash: its format must never change, or every issued key
    // stops working. The vectors are SHA-256's published test vectors.
    @Test("a key is stored as the lowercase hex SHA-256 of its UTF-8 bytes", arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func hashIsLowercaseHexSHA256(key: String, expected: String) {
        #expect(APIKeys.hash(key) == expected)
    }
}
