/// One Redis command: its name and arguments, sent binary-safe.
///
/// ```swift
/// let command = RedisCommand("SET", "order:17", payload, "NX", "PX", 60_000)
/// ```
public struct RedisCommand: Sendable, Hashable {
    /// The command name followed by its arguments, each as raw bytes.
    public var arguments: [[UInt8]]

    /// A command from a name and arguments of any ``RedisArgument`` type.
    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.init(name, arguments: arguments)
    }

    /// A command from a name and an array of arguments, for argument lists built at run time.
    public init(_ name: String, arguments: [any RedisArgument]) {
        var all: [[UInt8]] = [Array(name.utf8)]
        all.reserveCapacity(arguments.count + 1)
        for argument in arguments {
            all.append(argument.redisBytes)
        }
        self.arguments = all
    }

    /// The command name, as sent.
    public var name: String {
        String(decoding: arguments.first ?? [], as: UTF8.self)
    }
}

extension RedisCommand: CustomStringConvertible {
    /// The command name and argument count only: arguments may hold secrets (`AUTH`) or
    /// large payloads, and this text ends up in logs.
    public var description: String {
        "\(name) (\(arguments.count - 1) arguments)"
    }
}
