/// An error reply from the server, such as `-NOSCRIPT No matching script`.
///
/// Redis starts every error message with an upper-case code word; ``kind`` holds it so that
/// callers can react to specific errors without parsing text.
public struct RedisServerError: Error, Sendable, Hashable {
    /// The code word of a server error. Extensible: unknown codes keep their own spelling.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The code word as Redis sent it, e.g. `"WRONGTYPE"`.
        public let code: String

        public init(_ code: String) {
            self.code = code
        }

        public var description: String { code }

        /// A generic error (`-ERR …`): unknown command, syntax error, value out of range.
        public static let generic = Kind("ERR")
        /// `EVALSHA` of a script the server has not cached (after a restart or `SCRIPT FLUSH`).
        public static let noScript = Kind("NOSCRIPT")
        /// An operation against a key holding the wrong kind of value.
        public static let wrongType = Kind("WRONGTYPE")
        /// The server requires authentication and none was given.
        public static let noAuth = Kind("NOAUTH")
        /// Wrong user name or password.
        public static let wrongPass = Kind("WRONGPASS")
        /// The ACL user lacks the permission for the command or key.
        public static let noPermission = Kind("NOPERM")
        /// A script is running too long; the server answers nothing else until it ends.
        public static let busy = Kind("BUSY")
        /// A write against a read-only replica.
        public static let readOnly = Kind("READONLY")
        /// The server is still loading its data set.
        public static let loading = Kind("LOADING")
        /// A transaction was discarded because of an earlier error.
        public static let execAbort = Kind("EXECABORT")
        /// The server is out of memory under its `maxmemory` policy.
        public static let outOfMemory = Kind("OOM")
    }

    /// The code word of the error.
    public let kind: Kind
    /// The full message, including the code word.
    public let message: String

    /// An error from the text of an error reply.
    public init(reply: String) {
        let code = reply.prefix { $0 != " " }
        let isCode = !code.isEmpty && code.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
        self.kind = Kind(isCode ? String(code) : "ERR")
        self.message = reply
    }
}

extension RedisServerError: CustomStringConvertible {
    public var description: String { message }
}
