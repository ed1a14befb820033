/// Parses SHDR, the pipe-delimited text protocol adapters speak to an MTConnect agent.
///
/// A parser is a small state machine: feed it lines in order with ``parse(line:lineNumber:)``.
/// It keeps state only while a `--multiline--` block is open. ``replay(_:schema:)`` parses
/// a whole log at once.
public struct SHDRParser: Sendable {
    /// How data items are shaped; nil to recognise conditions, messages and time series
    /// by their content (exact for well-behaved adapters, but a schema is always exact).
    public var schema: SHDRSchema?
    private var pending: Pending?

    private struct Pending: Sendable {
        var fields: [SHDRField]
        var marker: String
        var lines: [String]
        var lineNumber: Int
    }

    public init(schema: SHDRSchema? = nil) {
        self.schema = schema
    }

    /// True while the lines of a `--multiline--` block are being collected.
    public var isInMultilineBlock: Bool {
        pending != nil
    }

    /// Parses one line. Returns nil for blank lines and while collecting a multiline block.
    /// - Parameter lineNumber: used in error messages.
    public mutating func parse(line rawLine: String, lineNumber: Int = 0) throws(MTConnectParseError) -> SHDRLine? {
        let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : rawLine
        if var block = pending {
            if line == block.marker {
                pending = nil
                var fields = block.fields
                fields[fields.count - 1].text = block.lines.joined(separator: "\n")
                return try interpret(fields, lineNumber: block.lineNumber)
            }
            block.lines.append(line)
            pending = block
            return nil
        }
        if line.allSatisfy(\.isWhitespace) {
            return nil
        }
        if line.hasPrefix("*") {
            return try command(line, lineNumber: lineNumber)
        }
        let fields = SHDRField.split(line)
        if let last = fields.last, fields.count > 1, last.text.hasPrefix("--multiline--") {
            pending = Pending(fields: fields, marker: last.text, lines: [], lineNumber: lineNumber)
            return nil
        }
        return try interpret(fields, lineNumber: lineNumber)
    }

    /// Call after the last line: throws if a multiline block was never closed.
    public func finish() throws(MTConnectParseError) {
        if let pending {
            throw MTConnectParseError(.invalidSHDR,
                "the \(pending.marker) block opened here is never closed by a line holding only \(pending.marker)",
                line: pending.lineNumber, column: pending.fields.last?.column ?? 0)
        }
    }

    private func command(_ line: String, lineNumber: Int) throws(MTConnectParseError) -> SHDRLine {
        let body = line.dropFirst().drop(while: \.isWhitespace)
        let words = body.split(separator: " ", omittingEmptySubsequences: true)
        if words.first == "PING" {
            return .ping
        }
        if words.first == "PONG" {
            return .pong(heartbeatMilliseconds: words.count > 1 ? Int(words[1]) : nil)
        }
        guard let colon = body.firstIndex(of: ":"), colon != body.startIndex else {
            throw MTConnectParseError(.invalidSHDR,
                "'\(line)' is neither '* PING', '* PONG <ms>' nor a '* name: value' command", line: lineNumber, column: 1)
        }
        let value = body[body.index(after: colon)...].drop(while: \.isWhitespace)
        return .command(name: String(body[..<colon]).trimmingSpaces, value: String(value).trimmingSpaces)
    }

    private func interpret(_ fields: [SHDRField], lineNumber: Int) throws(MTConnectParseError) -> SHDRLine {
        func failure(_ message: String, at field: SHDRField?) -> MTConnectParseError {
            MTConnectParseError(.invalidSHDR, message, line: lineNumber, column: field?.column ?? 1)
        }
        guard fields.count >= 2 else {
            throw failure("the line has no '|'; expected 'timestamp|key|value…'", at: fields.first)
        }
        let (timestampText, timestamp, duration) = Self.timestamp(fields[0].text)
        if fields[1].text.hasPrefix("@"), fields[1].text.hasSuffix("@"), fields[1].text.count > 2 {
            return .asset(SHDRAssetCommand(timestampText: timestampText, timestamp: timestamp,
                                           action: try assetAction(fields, failure: failure)))
        }
        var record = SHDRRecord(timestampText: timestampText, timestamp: timestamp, duration: duration)
        var index = 1
        while index < fields.count {
            let key = fields[index]
            let remaining = fields.count - index
            let kind = schema?.kinds[key.text] ?? schema.map { _ in .value(.event) } ?? Self.guessKind(fields, at: index)
            let width = switch kind {
            case .condition: 6
            case .message: 3
            case .timeSeries: 4
            case .value, .dataSet, .table: 2
            }
            guard remaining >= width else {
                throw failure("'\(key.text)' needs \(width - 1) value field(s) but the line ends after \(remaining - 1)", at: key)
            }
            let values = fields[(index + 1)..<(index + width)].map(\.text)
            do {
                record.items.append(try Self.item(key: key.text, kind: kind, values: values))
            } catch {
                throw failure("'\(key.text)': \(error.message)", at: fields[index + 1])
            }
            index += width
        }
        return .observations(record)
    }

    private static func item(key: String, kind: SHDRSchema.Kind, values: [String]) throws(SHDRValueReader.Failure) -> SHDRItem {
        let first = values[0]
        if kind != .condition, kind != .message, first == "UNAVAILABLE" {
            return SHDRItem(key: key, value: .unavailable)
        }
        switch kind {
        case .condition:
            guard let level = ConditionLevel(rawValue: first.uppercased()) else {
                throw SHDRValueReader.Failure(message: "condition level '\(first)' is not NORMAL, WARNING, FAULT or UNAVAILABLE")
            }
            func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
            return SHDRItem(key: key, value: .condition(Condition(
                level: level, nativeCode: optional(values[1]), nativeSeverity: optional(values[2]),
                qualifier: optional(values[3]), message: optional(values[4]))))
        case .message:
            return SHDRItem(key: key, value: values[1] == "UNAVAILABLE" ? .unavailable : .text(values[1]),
                            nativeCode: first.isEmpty ? nil : first)
        case .timeSeries:
            if values[2] == "UNAVAILABLE" {
                return SHDRItem(key: key, value: .unavailable)
            }
            return SHDRItem(key: key, value: .timeSeries(try SHDRValueReader.timeSeries(count: first, rate: values[1], values: values[2])))
        case .dataSet:
            let (trigger, rest) = SHDRValueReader.resetTrigger(Substring(first))
            return SHDRItem(key: key, value: .dataSet(try SHDRValueReader.dataSet(rest)), resetTriggered: trigger)
        case .table:
            let (trigger, rest) = SHDRValueReader.resetTrigger(Substring(first))
            return SHDRItem(key: key, value: .table(try SHDRValueReader.table(rest)), resetTriggered: trigger)
        case .value(.sample):
            if let number = Double(first), number.isFinite {
                return SHDRItem(key: key, value: .number(number))
            }
            if let threeSpace = StreamsParser.threeSpace(first) {
                return SHDRItem(key: key, value: .threeSpace(threeSpace))
            }
            return SHDRItem(key: key, value: .text(first))
        case .value:
            return SHDRItem(key: key, value: .text(first))
        }
    }

    /// Without a schema: a key followed by a condition level and four more fields, the
    /// third of them a qualifier, is a condition; a key with exactly two fields left on the line is a message (pairs would
    /// leave one over); a count, a rate and that many numbers make a time series.
    private static func guessKind(_ fields: [SHDRField], at index: Int) -> SHDRSchema.Kind {
        let remaining = fields.count - index
        let next = fields[index + (remaining > 1 ? 1 : 0)].text.uppercased()
        if remaining >= 6 {
            // A qualifier is empty, HIGH or LOW; an event that merely reads NORMAL and is
            // followed by more pairs does not pass this.
            let qualifier = fields[index + 4].text
            let qualifierFits = qualifier.isEmpty || qualifier == "HIGH" || qualifier == "LOW"
            if qualifierFits, next == "NORMAL" || next == "WARNING" || next == "FAULT" {
                return .condition
            }
            if next == "UNAVAILABLE", fields[(index + 2)...(index + 4)].allSatisfy(\.text.isEmpty) {
                return .condition
            }
        }
        if remaining == 4, let count = Int(fields[index + 1].text), count > 0,
           fields[index + 2].text.isEmpty || Double(fields[index + 2].text) != nil {
            let words = fields[index + 3].text.split(whereSeparator: \.isWhitespace)
            if words.count == count, words.allSatisfy({ Double($0) != nil }) {
                return .timeSeries
            }
        }
        if remaining == 3 {
            return .message
        }
        return .value(.event)
    }

    private func assetAction(
        _ fields: [SHDRField], failure: (String, SHDRField?) -> MTConnectParseError
    ) throws(MTConnectParseError) -> SHDRAssetCommand.Action {
        let command = fields[1]
        func field(_ index: Int, _ what: String) throws(MTConnectParseError) -> String {
            guard index < fields.count else {
                throw failure("\(command.text) needs \(what) in field \(index + 1)", command)
            }
            return fields[index].text
        }
        switch command.text {
        case "@ASSET@":
            let assetId = try field(2, "an asset id")
            let type = try field(3, "an asset type")
            // The XML may itself contain pipes; everything after the type is the document.
            let xml = fields.count > 4 ? fields[4...].map(\.text).joined(separator: "|") : ""
            return .add(assetId: assetId, type: type, xml: xml)
        case "@UPDATE_ASSET@":
            let assetId = try field(2, "an asset id")
            var changes: [String: String] = [:]
            var index = 3
            while index + 1 < fields.count {
                changes[fields[index].text] = fields[index + 1].text
                index += 2
            }
            return .update(assetId: assetId, changes: changes)
        case "@REMOVE_ASSET@":
            return .remove(assetId: try field(2, "an asset id"))
        case "@REMOVE_ALL_ASSETS@":
            let type = fields.count > 2 ? fields[2].text : ""
            return .removeAll(type: type.isEmpty ? nil : type)
        default:
            throw failure("'\(command.text)' is not an asset command (@ASSET@, @UPDATE_ASSET@, @REMOVE_ASSET@, @REMOVE_ALL_ASSETS@)", command)
        }
    }

    /// `2024-05-14T08:14:01.5Z@10.0` → text, time, duration.
    private static func timestamp(_ text: String) -> (String, MTConnectTimestamp?, Double?) {
        guard let at = text.firstIndex(of: "@") else {
            return (text, MTConnectTimestamp(iso8601: text), nil)
        }
        let time = String(text[..<at])
        return (time, MTConnectTimestamp(iso8601: time), Double(text[text.index(after: at)...]))
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
