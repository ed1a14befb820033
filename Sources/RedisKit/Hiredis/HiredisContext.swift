internal import CHiredis
import _MTCSupport

/// The one place where hiredis pointers live.
///
/// A context is created, used and freed on the single worker thread of its
/// ``RedisConnection``; it is deliberately not `Sendable`, so the compiler keeps it there.
final class HiredisContext {
    private let context: UnsafeMutablePointer<redisContext>

    private init(context: UnsafeMutablePointer<redisContext>) {
        self.context = context
    }

    deinit {
        redisFree(context)
    }

    /// Opens a blocking TCP connection; `commandTimeout` then bounds every read and write.
    static func connect(
        host: String,
        port: Int,
        connectTimeout: Duration,
        commandTimeout: Duration
    ) -> Result<HiredisContext, RedisError> {
        guard let raw = mtc_redisConnect(host, Int32(clamping: port), Self.hiredisMilliseconds(connectTimeout)) else {
            return .failure(.connectionFailed(host: host, port: port, reason: "out of memory"))
        }
        let context = HiredisContext(context: raw)
        if mtc_redisError(raw) != 0 {
            return .failure(.connectionFailed(host: host, port: port, reason: context.errorString))
        }
        if mtc_redisSetTimeout(raw, Self.hiredisMilliseconds(commandTimeout)) != REDIS_OK {
            return .failure(.connectionFailed(host: host, port: port, reason: context.errorString))
        }
        return .success(context)
    }

    /// Whether the server has closed this idle connection (it restarted, or timed us out).
    var peerClosed: Bool {
        mtc_redisPeerClosed(context) != 0
    }

    /// Sends all commands in one write and reads one reply per command.
    ///
    /// Error replies come back in-band as ``RESPValue/error(_:)``; a transport failure fails
    /// the whole batch and leaves the context unusable (the caller drops it).
    func execute(_ commands: [RedisCommand]) -> Result<[RESPValue], RedisError> {
        for command in commands {
            guard append(command) else {
                return .failure(transportError(savedErrno: 0))
            }
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var reply: UnsafeMutablePointer<redisReply>?
            var savedErrno: Int32 = 0
            let status = mtc_redisGetReply(context, &reply, &savedErrno)
            guard status == REDIS_OK, let reply else {
                return .failure(transportError(savedErrno: savedErrno))
            }
            replies.append(Self.value(of: reply))
            freeReplyObject(reply)
        }
        return .success(replies)
    }

    private func append(_ command: RedisCommand) -> Bool {
        // hiredis wants parallel arrays of argument pointers and lengths. Copying the arguments
        // into one buffer keeps every pointer valid for the whole call with a single scope;
        // the trailing byte keeps the buffer non-empty when all arguments are empty.
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int] = []
        offsets.reserveCapacity(command.arguments.count)
        lengths.reserveCapacity(command.arguments.count)
        for argument in command.arguments {
            offsets.append(buffer.count)
            lengths.append(argument.count)
            buffer.append(contentsOf: argument)
        }
        buffer.append(0)
        let status = buffer.withUnsafeBufferPointer { bytes -> Int32 in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var pointers: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return redisAppendCommandArgv(context, Int32(offsets.count), &pointers, lengths)
        }
        return status == REDIS_OK
    }

    private var errorString: String {
        String(cString: mtc_redisErrorString(context))
    }

    private func transportError(savedErrno: Int32) -> RedisError {
        let code = mtc_redisError(context)
        if code == REDIS_ERR_IO && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK) {
            return .timeout
        }
        if code == REDIS_ERR_PROTOCOL {
            return .protocolError(errorString)
        }
        let reason = errorString
        return .connectionLost(reason: reason.isEmpty ? "connection closed" : reason)
    }

    private static func value(of reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let pointee = reply.pointee
        switch pointee.type {
        case REDIS_REPLY_STRING:
            return .bulkString(bytes(pointee.str, pointee.len))
        case REDIS_REPLY_STATUS:
            return .simpleString(String(decoding: bytes(pointee.str, pointee.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(RedisServerError(reply: String(decoding: bytes(pointee.str, pointee.len), as: UTF8.self)))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(pointee.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(pointee.elements)
            for index in 0..<pointee.elements {
                if let element = pointee.element[index] {
                    elements.append(value(of: element))
                } else {
                    elements.append(.null)
                }
            }
            return .array(elements)
        default:
            return .null
        }
    }

    /// Whole milliseconds, at least 1 so that a tiny timeout never means "no timeout" to hiredis.
    private static func hiredisMilliseconds(_ timeout: Duration) -> Int64 {
        max(1, timeout.wholeMilliseconds)
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
