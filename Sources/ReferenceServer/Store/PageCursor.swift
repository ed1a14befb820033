import Foundation

/// An opaque keyset cursor: the last item's sort position and id, base64url-encoded.
struct PageCursor: Sendable, Equatable {
    var position: Int
    var id: String

    var encoded: String {
        Data("\(position):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor from a query parameter; `nil` when it is not one this server made.
    init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard encoded.count <= 512,
              let data = Data(base64Encoded: base64),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":"),
              let position = Int(text[..<colon])
        else { return nil }
        self.position = position
        self.id = String(text[text.index(after: colon)...])
    }

    init(position: Int, id: String) {
        self.position = position
        self.id = id
    }
}
