/// How many fields each data item takes on an SHDR line, and how to read them.
///
/// SHDR does not say which keys are conditions (six fields), messages (three) or time
/// series (four); the agent knows from its device model. Build a schema from the probe
/// document for exact parsing; without one, ``SHDRParser`` recognises these shapes by their
/// content.
public struct SHDRSchema: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// One value field; samples are read as numbers, events as text.
        case value(DataItemCategory)
        /// `key|level|nativeCode|nativeSeverity|qualifier|message`.
        case condition
        /// `key|nativeCode|text`.
        case message
        /// `key|sampleCount|sampleRate|v1 v2 …`.
        case timeSeries
        /// `key|[:TRIGGER ]k=v k2='v 2' removed=`.
        case dataSet
        /// `key|[:TRIGGER ]row={c=v c2=v2} removedRow=`.
        case table
    }

    /// Kinds by data item id and by name.
    public var kinds: [String: Kind]

    public init(kinds: [String: Kind]) {
        self.kinds = kinds
    }

    /// A schema from an agent's device model: each data item is known by its id and its name.
    public init(devices: DevicesDocument) {
        var kinds: [String: Kind] = [:]
        for item in devices.allDataItems {
            let kind: Kind = if item.category == .condition {
                .condition
            } else if item.type == "MESSAGE" {
                .message
            } else if item.representation == .timeSeries {
                .timeSeries
            } else if item.representation == .dataSet {
                .dataSet
            } else if item.representation == .table {
                .table
            } else {
                .value(item.category)
            }
            kinds[item.id] = kind
            if let name = item.name, kinds[name] == nil {
                kinds[name] = kind
            }
        }
        self.kinds = kinds
    }
}
