/// Reads the structured SHDR values: data sets, tables and time series.
enum SHDRValueReader {
    struct Failure: Error {
        let message: String
    }

    /// Splits off a leading `:TRIGGER ` (resetTriggered) from a data set or table value.
    static func resetTrigger(_ text: Substring) -> (String?, Substring) {
        guard text.first == ":" else { return (nil, text) }
        let end = text.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? text.endIndex
        return (String(text[text.index(after: text.startIndex)..<end]), text[end...])
    }

    /// `k=v k2='v 2' k3="v 3" k4={v 4} removed= alsoRemoved`
    static func dataSet(_ text: Substring) throws(Failure) -> [DataSetEntry] {
        try pairs(text).map { DataSetEntry(key: $0.key, value: $0.value, removed: $0.value == nil) }
    }

    /// `row={c=v c2=v2} removedRow=`
    static func table(_ text: Substring) throws(Failure) -> [TableEntry] {
        try pairs(text).map { pair throws(Failure) in
            guard let value = pair.value else { return TableEntry(key: pair.key, removed: true) }
            let cells = try pairs(Substring(value)).map { TableCell(key: $0.key, value: $0.value ?? "") }
            return TableEntry(key: pair.key, cells: cells)
        }
    }

    static func timeSeries(count: String, rate: String, values: String) throws(Failure) -> TimeSeries {
        guard let sampleCount = Int(count), sampleCount >= 0 else {
            throw Failure(message: "time series sample count '\(count)' is not a whole number")
        }
        let sampleRate: Double?
        if rate.isEmpty {
            sampleRate = nil
        } else if let value = Double(rate) {
            sampleRate = value
        } else {
            throw Failure(message: "time series sample rate '\(rate)' is not a number")
        }
        var numbers: [Double] = []
        for word in values.split(whereSeparator: \.isWhitespace) {
            guard let number = Double(word), number.isFinite else {
                throw Failure(message: "time series value '\(word)' is not a number")
            }
            numbers.append(number)
        }
        return TimeSeries(sampleCount: sampleCount, sampleRate: sampleRate, values: numbers)
    }

    /// Key–value pairs; a nil value means the key was removed (`key=` or a bare `key`).
    private static func pairs(_ text: Substring) throws(Failure) -> [(key: String, value: String?)] {
        var result: [(key: String, value: String?)] = []
        var index = text.startIndex
        func skipSpace() {
            while index < text.endIndex, text[index].isWhitespace {
                index = text.index(after: index)
            }
        }
        skipSpace()
        while index < text.endIndex {
            let keyStart = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace {
                index = text.index(after: index)
            }
            let key = String(text[keyStart..<index])
            guard index < text.endIndex, text[index] == "=" else {
                result.append((key, nil))
                skipSpace()
                continue
            }
            index = text.index(after: index)
            guard index < text.endIndex, !text[index].isWhitespace else {
                result.append((key, nil))
                skipSpace()
                continue
            }
            let opening = text[index]
            if let closing: Character = opening == "'" ? "'" : opening == "\"" ? "\"" : opening == "{" ? "}" : nil {
                index = text.index(after: index)
                var value = ""
                var closed = false
                while index < text.endIndex {
                    let character = text[index]
                    if character == "\\", text.index(after: index) < text.endIndex {
                        index = text.index(after: index)
                        value.append(text[index])
                    } else if character == closing {
                        closed = true
                        index = text.index(after: index)
                        break
                    } else {
                        value.append(character)
                    }
                    index = text.index(after: index)
                }
                guard closed else {
                    throw Failure(message: "the value of '\(key)' opens with \(opening) but never closes with \(closing)")
                }
                result.append((key, value))
            } else {
                let valueStart = index
                while index < text.endIndex, !text[index].isWhitespace {
                    index = text.index(after: index)
                }
                result.append((key, String(text[valueStart..<index])))
            }
            skipSpace()
        }
        return result
    }
}
