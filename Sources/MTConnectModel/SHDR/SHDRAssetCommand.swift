/// An asset command on an SHDR line.
public struct SHDRAssetCommand: Sendable, Hashable {
    public var timestampText: String
    public var timestamp: MTConnectTimestamp?
    public var action: Action

    public init(timestampText: String, timestamp: MTConnectTimestamp? = nil, action: Action) {
        self.timestampText = timestampText
        self.timestamp = timestamp
        self.action = action
    }

    public enum Action: Sendable, Hashable {
        /// `@ASSET@|assetId|type|<xml…>`: add or replace an asset; `xml` is the asset element.
        case add(assetId: String, type: String, xml: String)
        /// `@UPDATE_ASSET@|assetId|key|value…`: change parts of an asset.
        case update(assetId: String, changes: [String: String])
        /// `@REMOVE_ASSET@|assetId`.
        case remove(assetId: String)
        /// `@REMOVE_ALL_ASSETS@|type`; nil type removes assets of every type.
        case removeAll(type: String?)
    }
}
