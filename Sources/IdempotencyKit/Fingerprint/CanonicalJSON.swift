/// Canonical JSON: the same document always gives the same bytes, whatever the key order and
/// whitespace of the input.
///
/// Object members are sorted by the UTF-8 bytes of their names, insignificant whitespace is
/// dropped, strings are re-escaped in one way (only `"`, `\` and control characters), and
/// numbers keep their literal spelling (`1.0` and `1` stay different, as they may mean different
/// things to the domain). Duplicate member names are rejected rather than guessed at.
public enum CanonicalJSON {
    /// The deepest nesting accepted; deeper documents are rejected instead of exhausting the stack.
    public static let maximumDepth = 256

    /// Returns the canonical bytes of a JSON document.
    ///
    /// - Throws: ``IdempotencyError/Code/invalidJSON`` when `json` is not one valid JSON value,
    ///   nests deeper than ``maximumDepth`` or repeats a member name.
    public static func canonicalize(_ json: some Collection<UInt8>) throws(IdempotencyError) -> [UInt8] {
        var parser = JSONParser(bytes: Array(json))
        let value = try parser.parseDocument()
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        value.write(to: &output)
        return output
    }
}
