import _MTCSupport

/// Builds the request URLs of an agent from its base URL and the follower's filters.
struct AgentEndpoint: Sendable {
    let base: String
    let device: String?
    let path: String?

    init(url: String, device: String?, path: String?) throws(AgentFollowerError) {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        for suffix in ["/probe", "/current", "/sample"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
        }
        guard base.hasPrefix("http://") || base.hasPrefix("https://"), base.count > "https://".count - 1 else {
            throw AgentFollowerError(.invalidURL, "'\(url)' is not an http:// or https:// agent URL")
        }
        if let device, device.isEmpty || device.contains("/") {
            throw AgentFollowerError(.invalidURL, "device name '\(device)' cannot be part of a URL path")
        }
        self.base = base
        self.device = device
        self.path = path
    }

    var probe: String { url("probe", []) }

    var current: String { url("current", pathQuery) }

    func sample(from: UInt64, count: Int, interval: Duration? = nil, heartbeat: Duration? = nil) -> String {
        var query = [("from", String(from)), ("count", String(count))]
        if let interval { query.append(("interval", String(interval.wholeMilliseconds))) }
        if let heartbeat { query.append(("heartbeat", String(max(heartbeat.wholeMilliseconds, 1)))) }
        return url("sample", query + pathQuery)
    }

    private var pathQuery: [(String, String)] {
        path.map { [("path", $0)] } ?? []
    }

    private func url(_ request: String, _ query: [(String, String)]) -> String {
        let devicePath = device.map { "/" + Self.percentEncoded($0) } ?? ""
        let queryText = query.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        return base + devicePath + "/" + request + (queryText.isEmpty ? "" : "?" + queryText)
    }

    static func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
