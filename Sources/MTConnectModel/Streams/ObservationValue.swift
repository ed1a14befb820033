/// The value an observation carries, by shape.
///
/// Encodes to JSON as an object with a `kind` (`unavailable`, `number`, `text`,
/// `threeSpace`, `timeSeries`, `dataSet`, `table`, `condition`) and the value under a key
/// of the same name, e.g. `{"kind":"number","number":1.5}`.
public enum ObservationValue: Sendable, Hashable {
    /// The agent does not know the value (`UNAVAILABLE`).
    case unavailable
    /// A numeric sample.
    case number(Double)
    /// An event's text, or a sample whose text is not a number.
    case text(String)
    /// A sample of three numbers, such as `PathPosition` or `Orientation`.
    case threeSpace(ThreeSpace)
    /// A `TIME_SERIES` sample.
    case timeSeries(TimeSeries)
    /// A `DATA_SET` event or sample: entries by key.
    case dataSet([DataSetEntry])
    /// A `TABLE` event: rows of cells by key.
    case table([TableEntry])
    /// A condition (`Normal`, `Warning`, `Fault` or `Unavailable`).
    case condition(Condition)

    /// The number of a numeric sample, the first number of a three-space sample.
    public var number: Double? {
        switch self {
        case .number(let value): value
        case .threeSpace(let value): value.x
        default: nil
        }
    }

    /// The value as an agent would write it in SHDR or XML text.
    public var text: String {
        switch self {
        case .unavailable: "UNAVAILABLE"
        case .number(let value): ObservationValue.format(value)
        case .text(let value): value
        case .threeSpace(let value): "\(Self.format(value.x)) \(Self.format(value.y)) \(Self.format(value.z))"
        case .timeSeries(let series): series.values.map(Self.format).joined(separator: " ")
        case .dataSet(let entries):
            entries.map { $0.removed ? $0.key : "\($0.key)=\($0.value ?? "")" }.joined(separator: " ")
        case .table(let rows):
            rows.map { row in
                row.removed ? row.key
                    : "\(row.key)={\(row.cells.map { "\($0.key)=\($0.value)" }.joined(separator: " "))}"
            }.joined(separator: " ")
        case .condition(let condition): condition.message ?? ""
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
