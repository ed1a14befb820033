import Foundation

enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// Now as an MTConnect timestamp: ISO 8601 in UTC with fractional seconds.
    static func now() -> String {
        style.format(Date())
    }
}

extension Timestamp {
    static func epochSeconds() -> Int {
        Int(Date().timeIntervalSince1970)
    }
}
