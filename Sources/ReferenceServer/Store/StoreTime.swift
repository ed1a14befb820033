import Foundation
import _MTCSupport

/// Time as the store keeps it: integer milliseconds (records) and microseconds (observations).
enum StoreTime {
    static func nowMilliseconds() -> Int { milliseconds(Date()) }

    static func milliseconds(_ date: Date) -> Int { Int(date.unixMilliseconds) }

    static func microseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    static func date(milliseconds: Int) -> Date { Date(unixMilliseconds: Int64(milliseconds)) }

    static func date(microseconds: Int) -> Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }
}
