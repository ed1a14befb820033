extension ObservationValue: Codable {
    private enum CodingKeys: String, CodingKey {
        case kind, number, text, threeSpace, timeSeries, dataSet, table, condition
    }

    private enum Kind: String, Codable {
        case unavailable, number, text, threeSpace, timeSeries, dataSet, table, condition
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .unavailable: self = .unavailable
        case .number: self = .number(try container.decode(Double.self, forKey: .number))
        case .text: self = .text(try container.decode(String.self, forKey: .text))
        case .threeSpace: self = .threeSpace(try container.decode(ThreeSpace.self, forKey: .threeSpace))
        case .timeSeries: self = .timeSeries(try container.decode(TimeSeries.self, forKey: .timeSeries))
        case .dataSet: self = .dataSet(try container.decode([DataSetEntry].self, forKey: .dataSet))
        case .table: self = .table(try container.decode([TableEntry].self, forKey: .table))
        case .condition: self = .condition(try container.decode(Condition.self, forKey: .condition))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .unavailable:
            try container.encode(Kind.unavailable, forKey: .kind)
        case .number(let value):
            try container.encode(Kind.number, forKey: .kind)
            try container.encode(value, forKey: .number)
        case .text(let value):
            try container.encode(Kind.text, forKey: .kind)
            try container.encode(value, forKey: .text)
        case .threeSpace(let value):
            try container.encode(Kind.threeSpace, forKey: .kind)
            try container.encode(value, forKey: .threeSpace)
        case .timeSeries(let value):
            try container.encode(Kind.timeSeries, forKey: .kind)
            try container.encode(value, forKey: .timeSeries)
        case .dataSet(let value):
            try container.encode(Kind.dataSet, forKey: .kind)
            try container.encode(value, forKey: .dataSet)
        case .table(let value):
            try container.encode(Kind.table, forKey: .kind)
            try container.encode(value, forKey: .table)
        case .condition(let value):
            try container.encode(Kind.condition, forKey: .kind)
            try container.encode(value, forKey: .condition)
        }
    }
}
