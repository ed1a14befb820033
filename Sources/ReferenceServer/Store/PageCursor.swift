import Foundation

/// A keyset cursor: the last item's sort position and id, as `<position>.<id>` (for example
/// `1733270400000.3f2a…`). Clients treat it as opaque; the server accepts any cursor of that
/// shape, so a made-up one is a position in the list, never an error.
struct PageCursor: Sendable, Equatable {
    var position: Int
    var id: String

    var encoded: String { "\(position).\(id)" }

    static let malformed = "The cursor does not have the <position>.<id> shape of a nextCursor; pass the nextCursor of the previous page."

    /// Decodes a cursor from a query parameter; `nil` when it does not have the shape above
    /// (the OpenAPI document's pattern for it).
    init?(encoded: String) {
        guard encoded.utf8.count <= 128, let dot = encoded.firstIndex(of: ".") else { return nil }
        let positionText = encoded[..<dot]
        let id = encoded[encoded.index(after: dot)...]
        let digits = positionText.hasPrefix("-") ? positionText.dropFirst() : positionText[...]
        guard (1...18).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let position = Int(positionText),
              (1...64).contains(id.utf8.count),
              id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D })
        else { return nil }
        self.position = position
        self.id = String(id)
    }

    init(position: Int, id: String) {
        self.position = position
        self.id = id
    }
}
