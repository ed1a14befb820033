package import Foundation
import OpenAPIRuntime

/// RFC 3339 date-times with or without fractional seconds on input, microsecond precision
/// both ways (``RFC3339``).
///
/// The runtime's default transcoder rejects fractional seconds, which MTConnect timestamps
/// always carry; its fractional variant rejects whole seconds, which people type; both keep
/// only milliseconds, while the store keeps microseconds.
package struct FlexibleDateTranscoder: DateTranscoder {
    package init() {}

    package func encode(_ date: Date) throws -> String {
        RFC3339.string(from: date)
    }

    package func decode(_ text: String) throws -> Date {
        if let date = RFC3339.date(from: text) { return date }
        throw InvalidDateTime(text: String(text.prefix(1024)))
    }
}

/// A date-time that is not RFC 3339. The server answers it with 422 naming the field (found
/// by its text: the runtime gives a transcoder no coding path), or 400 in a query.
package struct InvalidDateTime: Error, CustomStringConvertible {
    /// The offending text, at most 1,024 characters of it.
    package var text: String

    package init(text: String) {
        self.text = text
    }

    package var description: String {
        "\"\(text.prefix(64))\" is not an RFC 3339 date-time with an offset, e.g. 2026-01-31T12:00:00.000Z or 2026-01-31T13:00:00+01:00."
    }
}
