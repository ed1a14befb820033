import _MTCSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import MTConnectCoreAPI

/// One JSON object per line on standard error, for log shippers. Only the executable installs
/// it; the libraries just take a `Logger`.
struct JSONLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .info
    let label: String

    static func bootstrap(level: String?) -> Logger {
        let level = level.flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "mtc-server")
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        var fields: [(String, Logger.Metadata.Value)] = merged.map { ($0.key, $0.value) }
        fields.append(("ts", .string(RFC3339.string(from: Date()))))
        fields.append(("level", .string(event.level.rawValue)))
        fields.append(("logger", .string(label)))
        fields.append(("msg", .string(event.message.description)))
        if let error = event.error { fields.append(("error", .string("\(error)"))) }
        fields.sort { $0.0 < $1.0 }
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            JSONLine.string(field.0, into: &line)
            line.append(UInt8(ascii: ":"))
            JSONLine.value(field.1, into: &line)
        }
        line.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}

/// The JSON of one log line, written straight into bytes (JSONSerialization, with its `Any`
/// boxing and sorting, cost a tenth of a request's CPU time).
enum JSONLine {
    static func value(_ value: Logger.Metadata.Value, into line: inout [UInt8]) {
        switch value {
        case .string(let text):
            string(text, into: &line)
        case .stringConvertible(let convertible):
            string(convertible.description, into: &line)
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                self.value(element, into: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                string(key, into: &line)
                line.append(UInt8(ascii: ":"))
                self.value(dictionary[key]!, into: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    static func string(_ text: String, into line: inout [UInt8]) {
        JSONString.appendQuoted(text.utf8, to: &line)
    }
}
