import Crypto
import _MTCSupport

/// A Lua script for ``RedisClient/evaluate(_:keys:arguments:)``, with its SHA1 computed once.
///
/// Keep scripts in `static let`s so the digest is computed once per process.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// The lower-case hex SHA1 of the source, the name Redis caches the script under.
    public let sha1: String

    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).hexEncodedString()
    }
}
