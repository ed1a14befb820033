import Logging

/// A log handler that removes credentials from every line before handing it on.
///
/// The server wraps the logger it is given in one, so that nothing it or the framework logs —
/// request lines, error descriptions that embed a request's headers, metadata — can carry an
/// `Authorization` header, an API key, a cookie, a JWT or one of the configured secrets. Values
/// are replaced by `[REDACTED]`; the rest of the line stays readable.
public struct RedactingLogHandler: LogHandler {
    /// The handler that receives the redacted lines.
    public var wrapped: any LogHandler
    private let redactor: CredentialRedactor

    /// Wraps `handler`; `secrets` (the internal token, the JWT secret) are removed wherever they
    /// appear, in addition to everything shaped like a credential.
    public init(wrapping handler: any LogHandler, secrets: [String] = []) {
        if let inner = handler as? RedactingLogHandler {
            wrapped = inner.wrapped
            redactor = CredentialRedactor(secrets: inner.redactor.secrets + secrets)
        } else {
            wrapped = handler
            redactor = CredentialRedactor(secrets: secrets)
        }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = redactor.redact(newValue) }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map { CredentialRedactor.isSensitiveName(key) ? .string(CredentialRedactor.placeholder) : redactor.redact($0) } }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = Logger.Message(stringLiteral: redactor.redact(event.message.description))
        event.metadata = event.metadata.map(redactor.redact)
        if let error = event.error {
            event.error = RedactedError(description: redactor.redact(String(describing: error)))
        }
        wrapped.log(event: event)
    }
}

extension Logger {
    /// This logger with every line passed through a ``RedactingLogHandler``.
    public func redactingCredentials(secrets: [String] = []) -> Logger {
        var logger = self
        logger.handler = RedactingLogHandler(wrapping: handler, secrets: secrets)
        return logger
    }
}

/// An error whose description had credentials in it; only the cleaned description is kept.
struct RedactedError: Error, CustomStringConvertible {
    var description: String
}

/// Finds credentials in free text: header dumps (`Authorization: …`, `"X-API-Key": "…"`),
/// bearer tokens, JWTs, `mtc_` API keys, `key=value` pairs whose key names a secret, and the
/// configured secrets themselves.
struct CredentialRedactor: Sendable {
    static let placeholder = "[REDACTED]"
    let secrets: [String]

    init(secrets: [String]) {
        // Very short secrets would match ordinary words; the server refuses them anyway.
        self.secrets = secrets.filter { $0.count >= 8 }.sorted { $0.count > $1.count }
    }

    func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        Dictionary(uniqueKeysWithValues: metadata.map { key, value in
            (key, Self.isSensitiveName(key) ? .string(Self.placeholder) : redact(value))
        })
    }

    func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(redact(text))
        case .stringConvertible(let convertible): .string(redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let dictionary): .dictionary(redact(dictionary))
        }
    }

    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where ASCIIScan.contains(secret, in: text, ignoringCase: false) {
            text = text.replacing(secret, with: Self.placeholder)
        }
        // Most lines hold nothing suspicious: one scan of the bytes decides.
        guard Self.markers.contains(where: { ASCIIScan.contains($0, in: text, ignoringCase: true) }) else { return text }
        text = text.replacing(Self.headerField) { match in "\(match.output.1)\(match.output.2)\(Self.placeholder)" }
        text = text.replacing(Self.namedSecret) { match in "\(match.output.1)\(match.output.2)\(Self.placeholder)" }
        text = text.replacing(Self.bearer) { match in "\(match.output.1) \(Self.placeholder)" }
        text = text.replacing(Self.jwt, with: Self.placeholder)
        text = text.replacing(Self.apiKey, with: "mtc_\(Self.placeholder)")
        return text
    }

    static func isSensitiveName(_ name: String) -> Bool {
        sensitiveNames.contains { ASCIIScan.contains($0, in: name, ignoringCase: true) }
    }

    private static let sensitiveNames = [
        "authorization", "api-key", "api_key", "apikey", "cookie", "token", "secret", "password", "passwd",
    ]
    private static let markers = sensitiveNames + ["bearer", "basic ", "eyj", "mtc_"]

    // Regex is not Sendable, so each use builds its own; only lines that hold a marker get here.
    // `Authorization: Bearer x`, `"X-API-Key": "x"`, `cookie=x` in header dumps; the value runs
    // to the end of the field (a quote, comma, semicolon, bracket or line end).
    private static var headerField: Regex<(Substring, Substring, Substring)> { #/(?i)((?:proxy-)?authorization|x-api-key|api-key|set-cookie|cookie|x-internal-token|x-auth-token)("?\s*[:=]\s*"?)[^"\n\r,;\]\}]+/# }
    private static var namedSecret: Regex<(Substring, Substring, Substring)> { #/(?i)([a-z_-]*(?:token|secret|password|passwd|api_?key)[a-z_-]*)("?\s*[:=]\s*"?)[^\s"',;&\]\}]+/# }
    private static var bearer: Regex<(Substring, Substring)> { #/(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/# }
    private static var jwt: Regex<Substring> { #/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/# }
    private static var apiKey: Regex<Substring> { #/mtc_[A-Za-z0-9+/=_-]{8,}/# }
}

/// Substring search over UTF-8 bytes, for needles that are ASCII (ignoring case) or exact.
///
/// Every log line goes through the redactor; Foundation's `contains` on `String` (an
/// `NSString` search with locale handling) cost a fifth of a request's CPU time.
enum ASCIIScan {
    static func contains(_ needle: String, in haystack: String, ignoringCase: Bool) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern in contains(pattern, in: text, ignoringCase: ignoringCase) }
        }
    }

    static func contains(_ pattern: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>, ignoringCase: Bool) -> Bool {
        guard !pattern.isEmpty else { return true }
        guard pattern.count <= text.count else { return false }
        let first = ignoringCase ? lower(pattern[0]) : pattern[0]
        var start = 0
        while start <= text.count - pattern.count {
            let byte = ignoringCase ? lower(text[start]) : text[start]
            if byte == first {
                var offset = 1
                while offset < pattern.count {
                    let a = ignoringCase ? lower(text[start + offset]) : text[start + offset]
                    let b = ignoringCase ? lower(pattern[offset]) : pattern[offset]
                    if a != b { break }
                    offset += 1
                }
                if offset == pattern.count { return true }
            }
            start += 1
        }
        return false
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
