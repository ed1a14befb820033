import RedisKit
import Testing

struct RedisServerErrorTests {
    @Test(arguments: [
        ("NOSCRIPT No matching script. Please use EVAL.", RedisServerError.Kind.noScript),
        ("WRONGTYPE Operation against a key holding the wrong kind of value", .wrongType),
        ("ERR unknown command 'FOO'", .generic),
        ("NOAUTH Authentication required.", .noAuth),
        ("WRONGPASS invalid username-password pair or user is disabled.", .wrongPass),
        ("BUSY Redis is busy running a script.", .busy),
        ("MOVED 3999 127.0.0.1:6381", RedisServerError.Kind("MOVED")),
        ("something without a code", .generic),
        ("", .generic),
    ])
    func theCodeWordBecomesTheKind(reply: String, kind: RedisServerError.Kind) {
        let error = RedisServerError(reply: reply)
        #expect(error.kind == kind)
        #expect(error.message == reply)
    }
}
