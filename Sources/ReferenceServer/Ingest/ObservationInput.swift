import Foundation

/// One observation on its way into the store, whichever source it came from.
struct ObservationInput: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case number(Double)
        case text(String)
    }

    struct Condition: Sendable, Equatable, Codable {
        var level: String
        var nativeCode: String?
        var nativeSeverity: String?
        var qualifier: String?
        var message: String?
    }

    var dataItemId: String
    var timestamp: Date
    /// `SAMPLE`, `EVENT` or `CONDITION`.
    var category: String
    var type: String?
    var subType: String?
    var name: String?
    var sequence: Int64?
    /// `nil` means UNAVAILABLE.
    var value: Value?
    var condition: Condition?

    init(
        dataItemId: String, timestamp: Date, category: String, type: String? = nil, subType: String? = nil,
        name: String? = nil, sequence: Int64? = nil, value: Value? = nil, condition: Condition? = nil
    ) {
        self.dataItemId = dataItemId
        self.timestamp = timestamp
        self.category = category
        self.type = type
        self.subType = subType
        self.name = name
        self.sequence = sequence
        self.value = value
        self.condition = condition
    }

    var textValue: String? {
        switch value {
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .text(let text): text
        case nil: nil
        }
    }

    var numberValue: Double? {
        switch value {
        case .number(let number): number
        case .text(let text): Double(text)
        case nil: nil
        }
    }
}

/// An observation as stored, with the time the server received it.
struct StoredObservation: Sendable, Equatable {
    var rowId: Int
    var observation: ObservationInput
    var receivedAt: Date
}
