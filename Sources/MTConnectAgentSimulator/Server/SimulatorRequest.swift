/// A request line reduced to what an MTConnect agent routes on.
struct SimulatorRequest: Sendable {
    enum Kind: Sendable { case probe, current, sample }

    var kind: Kind?
    var device: String?
    var query: [String: String]

    init(uri: String) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let segments = parts[0].split(separator: "/").map(String.init)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = Self.percentDecoded(String(keyValue[0]))
                query[key] = keyValue.count == 2 ? Self.percentDecoded(String(keyValue[1])) : ""
            }
        }
        self.query = query
        let last = segments.last ?? "probe"
        switch last {
        case "probe": kind = .probe
        case "current": kind = .current
        case "sample": kind = .sample
        default: kind = segments.count == 1 ? .probe : nil
        }
        if segments.count == 2 {
            device = segments[0]
        } else if segments.count == 1, kind == .probe, last != "probe" {
            device = last
        }
        if segments.count > 2 { kind = nil }
    }

    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
