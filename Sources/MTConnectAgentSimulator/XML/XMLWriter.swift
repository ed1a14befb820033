/// A minimal XML text builder: elements, attributes and character data, escaped correctly.
///
/// Characters XML 1.0 cannot carry (most C0 controls, lone surrogates cannot occur in Swift
/// strings) are replaced by U+FFFD so that a replayed log line never breaks a document.
struct XMLWriter {
    private(set) var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"

    mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "<" + name
        writeAttributes(attributes)
        text += ">"
    }

    mutating func close(_ name: String) {
        text += "</" + name + ">"
    }

    mutating func empty(_ name: String, _ attributes: [(String, String?)] = []) {
        text += "<" + name
        writeAttributes(attributes)
        text += "/>"
    }

    mutating func element(_ name: String, _ attributes: [(String, String?)] = [], content: String) {
        if content.isEmpty {
            empty(name, attributes)
            return
        }
        open(name, attributes)
        text += Self.escape(content, quote: false)
        close(name)
    }

    private mutating func writeAttributes(_ attributes: [(String, String?)]) {
        for (name, value) in attributes {
            guard let value else { continue }
            text += " " + name + "=\"" + Self.escape(value, quote: true) + "\""
        }
    }

    static func escape(_ value: String, quote: Bool) -> String {
        var needsWork = false
        for scalar in value.unicodeScalars where scalar == "&" || scalar == "<" || scalar == ">" || scalar == "\"" || scalar == "'" || scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
            needsWork = true
            break
        }
        guard needsWork else { return value }
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"" where quote: escaped += "&quot;"
            case "'" where quote: escaped += "&apos;"
            case "\t", "\n", "\r":
                // Attribute values normalise raw whitespace; keep it with character references.
                if quote { escaped += "&#\(scalar.value);" } else { escaped.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    escaped += "\u{FFFD}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
