import FuzzSupport
import MTConnectModel

// SHDR is line-based: a log with CRLF line ends must read exactly as with LF ones, line by
// line as a whole, with and without a schema. A failure is a typed invalidSHDR error that
// names a line of the input. Every timestamp read survives its own ISO 8601 formatter, and
// every number read is finite. There is no SHDR formatter to round-trip through.
let schema = SHDRSchema(kinds: [
    "cond": .condition, "msg": .message, "ts": .timeSeries, "ds": .dataSet, "tbl": .table,
    "pos": .value(.sample), "mode": .value(.event),
])

struct NotUTF8: Error {}

struct Summary: Equatable {
    var lines: [SHDRLine] = []
    var failure: (code: MTConnectParseError.Code, line: Int, column: Int)?

    static func == (lhs: Summary, rhs: Summary) -> Bool {
        lhs.lines == rhs.lines && lhs.failure?.code == rhs.failure?.code
            && lhs.failure?.line == rhs.failure?.line && lhs.failure?.column == rhs.failure?.column
    }
}

func replay(_ bytes: [UInt8], schema: SHDRSchema?) -> Summary {
    var summary = Summary()
    do {
        summary.lines = try SHDRParser.replay(bytes, schema: schema)
    } catch {
        summary.failure = (error.code, error.line, error.column)
    }
    return summary
}

/// `\n` → `\r\n`, except where a `\r` already ends the line (the parser drops one).
func crlf(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count * 2)
    for (index, byte) in bytes.enumerated() {
        if byte == UInt8(ascii: "\n"), index == 0 || bytes[index - 1] != UInt8(ascii: "\r") {
            output.append(UInt8(ascii: "\r"))
        }
        output.append(byte)
    }
    return output
}

func checkValues(_ lines: [SHDRLine]) {
    for line in lines {
        switch line {
        case .observations(let record):
            if let timestamp = record.timestamp {
                require(MTConnectTimestamp(iso8601: timestamp.iso8601) == timestamp,
                        "timestamp '\(record.timestampText)' formats as '\(timestamp.iso8601)', which does not read back")
            }
            for item in record.items {
                switch item.value {
                case .number(let number): require(number.isFinite, "'\(item.key)' read as \(number)")
                case .timeSeries(let series): require(series.values.allSatisfy(\.isFinite), "'\(item.key)' has a non-finite sample")
                default: break
                }
            }
        case .asset(let command):
            if let timestamp = command.timestamp {
                require(MTConnectTimestamp(iso8601: timestamp.iso8601) == timestamp, "asset timestamp does not read back")
            }
        case .ping, .pong, .command:
            break
        }
    }
}

func check(_ bytes: [UInt8]) {
    let lineCount = bytes.lazy.filter { $0 == UInt8(ascii: "\n") }.count + 1
    for schema in [nil, schema] {
        let plain = replay(bytes, schema: schema)
        if let failure = plain.failure {
            require(failure.code == .invalidSHDR, "SHDR failed with \(failure.code)")
            require((1...lineCount).contains(failure.line), "error on line \(failure.line) of \(lineCount)")
        }
        checkValues(plain.lines)
        require(replay(crlf(bytes), schema: schema) == plain, "CRLF line ends read differently from LF")

        var parser = SHDRParser(schema: schema)
        var fed = Summary()
        var number = 0
        do {
            for slice in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                number += 1
                guard let text = String(validating: slice, as: UTF8.self) else { throw NotUTF8() }
                if let line = try parser.parse(line: text, lineNumber: number) { fed.lines.append(line) }
            }
            try parser.finish()
        } catch {
            fed.failure = (.invalidSHDR, 0, 0)
        }
        require(fed.lines == plain.lines || fed.failure != nil, "parse(line:) and replay read different lines")
        require((fed.failure == nil) == (plain.failure == nil), "parse(line:) and replay disagree on failing")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(fuzzBytes(data, size))
    return 0
}

runFuzzer(testOneInput)
