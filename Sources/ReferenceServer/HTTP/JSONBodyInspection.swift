import Foundation
import NIOCore

/// What the generated decoders cannot tell about a JSON body: where a `null` is (they read it
/// as an absent field, although the contract forbids it), and which field holds a given string
/// (the date transcoder is given no coding path).
enum JSONBodyInspection {
    /// A pointer pattern: `*` matches one member or index, a trailing `**` everything below.
    typealias Pattern = [String]

    /// The pointer of the first `null` outside `allowed`, or `nil`. A body that is not JSON is
    /// left to the decoder, which names the problem.
    static func forbiddenNull(in body: ByteBuffer, allowed: [Pattern]) -> String? {
        // Almost every body has no null at all: one pass over the bytes settles that.
        guard body.withUnsafeReadableBytes(containsNullLiteral) else { return nil }
        guard let root = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) else { return nil }
        var found: [String]?
        walk(root, path: []) { path, value in
            guard found == nil, value is NSNull, !allowed.contains(where: { matches($0, path) }) else { return }
            found = path
        }
        return found.map(pointer)
    }

    /// The pointer of the first string member equal to `text`, or `nil`.
    static func pointer(ofString text: String, in body: ByteBuffer) -> String? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]) else { return nil }
        var found: [String]?
        walk(root, path: []) { path, value in
            if found == nil, let string = value as? String, string == text { found = path }
        }
        return found.map(pointer)
    }

    /// Whether the bytes hold the literal `null` outside a string.
    private static func containsNullLiteral(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "n") {
                return true
            }
        }
        return false
    }

    private static func walk(_ value: Any, path: [String], _ visit: ([String], Any) -> Void) {
        visit(path, value)
        if let object = value as? [String: Any] {
            for key in object.keys.sorted() { walk(object[key]!, path: path + [key], visit) }
        } else if let array = value as? [Any] {
            for (index, element) in array.enumerated() { walk(element, path: path + [String(index)], visit) }
        }
    }

    private static func matches(_ pattern: Pattern, _ path: [String]) -> Bool {
        if pattern.last == "**" {
            let prefix = pattern.dropLast()
            return path.count > prefix.count && zip(prefix, path).allSatisfy { $0 == "*" || $0 == $1 }
        }
        return pattern.count == path.count && zip(pattern, path).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// RFC 6901: `~` and `/` in a member name are escaped.
    private static func pointer(_ path: [String]) -> String {
        "/" + path.map { $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined(separator: "/")
    }
}
