/// Bounds that keep a hostile or broken document from exhausting memory or the stack.
public struct ParserLimits: Sendable, Hashable {
    /// The largest document accepted, in bytes. Default 256 MiB, several times the
    /// largest `/sample` response a busy agent produces.
    public var maximumBytes: Int
    /// The deepest element nesting accepted. Default 64; MTConnect documents rarely go
    /// past 20 levels.
    public var maximumDepth: Int

    public init(maximumBytes: Int = 256 << 20, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }
}
