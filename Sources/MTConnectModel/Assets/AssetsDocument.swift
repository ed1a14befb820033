/// An `MTConnectAssets` document, as `/assets` returns it.
public struct AssetsDocument: Sendable, Hashable, Codable {
    public var header: Header
    public var version: MTConnectVersion?
    public var assets: [Asset]

    public init(header: Header, version: MTConnectVersion? = nil, assets: [Asset] = []) {
        self.header = header
        self.version = version
        self.assets = assets
    }
}
