/// An element or attribute local name as the reader hands it out: the text once per
/// document, plus a token so that the parsers switch on names without comparing strings.
struct XMLName: Sendable {
    let string: String
    let token: XMLToken
    /// What an observation element's name says about its value, worked out once per name.
    let shape: Shape

    enum Shape: Sendable {
        case plain
        case timeSeries
        case dataSet
        case table
    }

    init(_ string: String) {
        self.string = string
        self.token = XMLToken(rawValue: string) ?? .other
        if string.hasSuffix("TimeSeries") {
            shape = .timeSeries
        } else if string.hasSuffix("DataSet") {
            shape = .dataSet
        } else if string.hasSuffix("Table") {
            shape = .table
        } else {
            shape = .plain
        }
    }
}

/// Names the parsers act on. Everything else is `.other` and kept by its text.
enum XMLToken: String, Sendable {
    case other = ""
    // Roots
    case mtconnectDevices = "MTConnectDevices"
    case mtconnectStreams = "MTConnectStreams"
    case mtconnectAssets = "MTConnectAssets"
    case mtconnectError = "MTConnectError"
    // Structure
    case header = "Header"
    case streams = "Streams"
    case deviceStream = "DeviceStream"
    case componentStream = "ComponentStream"
    case samples = "Samples"
    case events = "Events"
    case condition = "Condition"
    case entry = "Entry"
    case cell = "Cell"
    case normal = "Normal"
    case warning = "Warning"
    case fault = "Fault"
    case unavailable = "Unavailable"
    // Observation attributes
    case dataItemId
    case sequence
    case timestamp
    case name
    case subType
    case compositionId
    case statistic
    case duration
    case resetTriggered
    case sampleCount
    case sampleRate
    case key
    case removed
    case nativeCode
    case nativeSeverity
    case qualifier
    case conditionId
    case type
    // Stream attributes
    case uuid
    case component
    case componentId
    case nativeName
}
