/// Reads the body of an `MTConnectStreams` document straight off the XML reader, without
/// building an intermediate tree, and hands each part to a visitor.
struct StreamsParser {
    let reader: XMLReader

    /// Reads from just after the root start tag to the end of the document.
    /// Errors thrown by the visitor are rethrown unchanged.
    func parse(into visitor: inout some StreamsVisitor) throws {
        var deviceName = ""
        var deviceUUID: String?
        var componentId = ""
        var category: DataItemCategory?
        var categoryDepth = -1
        // Observations belong to a component of a device; without one there is nothing to
        // file them under, so such a document is refused rather than guessed at.
        var inDevice = false
        var deviceHasComponent = false
        while try reader.read() {
            switch reader.kind {
            case .element:
                let name = reader.name
                let empty = reader.isEmptyElement
                if let category, reader.depth == categoryDepth + 1 {
                    let observation = try readObservation(
                        name: name, empty: empty, category: category, deviceName: deviceName,
                        deviceUUID: deviceUUID, componentId: componentId)
                    try visitor.visit(observation: observation)
                    continue
                }
                switch name.token {
                case .header:
                    visitor.visit(header: Header(attributes: readAttributes()))
                case .deviceStream:
                    let attributes = readAttributes()
                    deviceName = attributes.value(of: "name") ?? ""
                    deviceUUID = attributes.value(of: "uuid")
                    inDevice = true
                    deviceHasComponent = false
                    visitor.visit(deviceStream: DeviceStream(name: deviceName, uuid: deviceUUID))
                case .componentStream:
                    guard inDevice else {
                        throw reader.error(.invalidValue, "<\(name.string)> is not inside a <DeviceStream>")
                    }
                    deviceHasComponent = true
                    let attributes = readAttributes()
                    componentId = attributes.value(of: "componentId") ?? ""
                    visitor.visit(componentStream: ComponentStream(
                        component: attributes.value(of: "component") ?? "", componentId: componentId,
                        name: attributes.value(of: "name"), nativeName: attributes.value(of: "nativeName"),
                        uuid: attributes.value(of: "uuid")))
                case .samples, .events, .condition:
                    if !empty {
                        guard deviceHasComponent else {
                            throw reader.error(.invalidValue,
                                "<\(name.string)> is not inside a <ComponentStream> of a <DeviceStream>")
                        }
                        category = name.token == .samples ? .sample : name.token == .events ? .event : .condition
                        categoryDepth = reader.depth
                    }
                default:
                    break
                }
            case .endElement:
                if reader.depth == categoryDepth {
                    category = nil
                    categoryDepth = -1
                }
            case .text, .other:
                break
            }
        }
    }

    private func readAttributes() -> [GenericElement.Attribute] {
        var attributes: [GenericElement.Attribute] = []
        while reader.nextAttribute() {
            attributes.append(.init(name: reader.name.string, value: reader.value))
        }
        reader.moveToElement()
        return attributes
    }

    private func readObservation(name: XMLName, empty: Bool, category: DataItemCategory, deviceName: String,
                                 deviceUUID: String?, componentId: String) throws(MTConnectParseError) -> Observation {
        var dataItemId: String?
        var sequence: UInt64?
        var timestamp: MTConnectTimestamp?
        var itemName: String?
        var subType: String?
        var compositionId: String?
        var statistic: String?
        var duration: Double?
        var resetTriggered: String?
        var sampleCount: Int?
        var sampleRate: Double?
        var condition = Condition(level: .unavailable)
        var conditionType: String?
        var other: [String: String] = [:]
        while reader.nextAttribute() {
            let attribute = reader.name
            switch attribute.token {
            case .dataItemId: dataItemId = reader.value
            case .sequence:
                guard let value = reader.unsignedValue else {
                    throw reader.error(.invalidValue, "sequence '\(reader.value)' of <\(name.string)> is not an unsigned integer")
                }
                sequence = value
            case .timestamp:
                guard let value = reader.timestampValue else {
                    throw reader.error(.invalidValue, "timestamp '\(reader.value)' of <\(name.string)> is not an ISO 8601 time")
                }
                timestamp = value
            case .name: itemName = reader.value
            case .subType: subType = reader.value
            case .compositionId: compositionId = reader.value
            case .statistic: statistic = reader.value
            case .duration: duration = reader.doubleValue
            case .resetTriggered: resetTriggered = reader.value
            case .sampleCount: sampleCount = reader.unsignedValue.map { Int(clamping: $0) }
            case .sampleRate: sampleRate = reader.doubleValue
            case .nativeCode where category == .condition: condition.nativeCode = reader.value
            case .nativeSeverity where category == .condition: condition.nativeSeverity = reader.value
            case .qualifier where category == .condition: condition.qualifier = reader.value
            case .conditionId where category == .condition: condition.conditionId = reader.value
            case .type where category == .condition: conditionType = reader.value
            default: other[attribute.string] = reader.value
            }
        }
        reader.moveToElement()
        guard let dataItemId, let sequence, let timestamp else {
            let missing = dataItemId == nil ? "dataItemId" : sequence == nil ? "sequence" : "timestamp"
            throw reader.error(.missingAttribute, "<\(name.string)> has no \(missing) attribute")
        }

        let content = empty ? ObservationContent() : try readContent(category: category, shape: name.shape)
        let value: ObservationValue
        if category == .condition {
            switch name.token {
            case .normal: condition.level = .normal
            case .warning: condition.level = .warning
            case .fault: condition.level = .fault
            case .unavailable: condition.level = .unavailable
            default:
                throw reader.error(.invalidValue,
                    "<\(name.string)> in <Condition> is not one of Normal, Warning, Fault, Unavailable")
            }
            let message = content.text
            condition.message = message.isEmpty ? nil : message
            value = .condition(condition)
        } else if content.isUnavailable {
            value = .unavailable
        } else if name.shape == .table || content.entries.contains(where: { !$0.cells.isEmpty }) {
            value = .table(content.entries.map(\.tableEntry))
        } else if name.shape == .dataSet || !content.entries.isEmpty {
            value = .dataSet(content.entries.map { DataSetEntry(key: $0.key, value: $0.removed ? nil : $0.text, removed: $0.removed) })
        } else if name.shape == .timeSeries, category == .sample {
            value = .timeSeries(try timeSeries(content.text, sampleCount: sampleCount, sampleRate: sampleRate, name: name))
        } else if let number = content.number {
            value = .number(number)
        } else if category == .sample, let threeSpace = Self.threeSpace(content.text) {
            value = .threeSpace(threeSpace)
        } else {
            value = .text(content.text)
        }
        return Observation(
            dataItemId: dataItemId, category: category,
            type: category == .condition ? conditionType ?? "" : name.string,
            sequence: sequence, timestamp: timestamp, name: itemName, subType: subType,
            compositionId: compositionId, value: value, statistic: statistic, duration: duration,
            resetTriggered: resetTriggered, deviceName: deviceName, deviceUUID: deviceUUID,
            componentId: componentId, otherAttributes: other)
    }

    /// What is inside an observation element.
    private struct ObservationContent {
        var text = ""
        var number: Double?
        var isUnavailable = false
        var entries: [RawEntry] = []
    }

    private struct RawEntry {
        var key: String
        var removed: Bool
        var text: String
        var cells: [TableCell]

        var tableEntry: TableEntry {
            TableEntry(key: key, cells: cells, removed: removed)
        }
    }

    private func readContent(category: DataItemCategory, shape: XMLName.Shape) throws(MTConnectParseError) -> ObservationContent {
        var content = ObservationContent()
        let depth = reader.depth
        var textNodes = 0
        var entry: RawEntry?
        var cellKey: String?
        var cellText = ""
        while try reader.read() {
            switch reader.kind {
            case .text where reader.depth == depth + 1:
                textNodes += 1
                if textNodes == 1, category == .sample, shape == .plain, let number = reader.doubleValue {
                    content.number = number
                } else if textNodes == 1, reader.valueEquals("UNAVAILABLE") {
                    content.isUnavailable = true
                    content.text = "UNAVAILABLE"
                } else {
                    if let number = content.number {
                        content.text = ObservationValue.format(number)
                        content.number = nil
                    }
                    content.isUnavailable = false
                    content.text += reader.value
                }
            case .text where reader.depth == depth + 2:
                entry?.text += reader.value
            case .text where reader.depth == depth + 3 && cellKey != nil:
                cellText += reader.value
            case .element where reader.depth == depth + 1 && reader.name.token == .entry:
                let empty = reader.isEmptyElement
                var key = ""
                var removed = false
                while reader.nextAttribute() {
                    switch reader.name.token {
                    case .key: key = reader.value
                    case .removed: removed = reader.valueEquals("true")
                    default: break
                    }
                }
                reader.moveToElement()
                let newEntry = RawEntry(key: key, removed: removed, text: "", cells: [])
                if empty {
                    content.entries.append(newEntry)
                } else {
                    entry = newEntry
                }
            case .element where reader.depth == depth + 2 && reader.name.token == .cell && entry != nil:
                var key = ""
                while reader.nextAttribute() {
                    if reader.name.token == .key {
                        key = reader.value
                    }
                }
                reader.moveToElement()
                if reader.isEmptyElement {
                    entry?.cells.append(TableCell(key: key, value: ""))
                } else {
                    cellKey = key
                    cellText = ""
                }
            case .endElement where reader.depth == depth + 2:
                if let key = cellKey {
                    entry?.cells.append(TableCell(key: key, value: Self.trimmed(cellText)))
                    cellKey = nil
                }
            case .endElement where reader.depth == depth + 1:
                if var finished = entry {
                    finished.text = Self.trimmed(finished.text)
                    content.entries.append(finished)
                    entry = nil
                }
            case .endElement where reader.depth == depth:
                if content.number == nil, !content.isUnavailable {
                    content.text = Self.trimmed(content.text)
                    content.isUnavailable = content.text == "UNAVAILABLE"
                }
                return content
            default:
                break
            }
        }
        throw reader.error(.malformedXML, "the document ends inside an observation")
    }

    private func timeSeries(_ text: String, sampleCount: Int?, sampleRate: Double?,
                            name: XMLName) throws(MTConnectParseError) -> TimeSeries {
        var values: [Double] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            guard let number = Double(word), number.isFinite else {
                throw reader.error(.invalidValue, "<\(name.string)> holds '\(word)', which is not a number")
            }
            values.append(number)
        }
        return TimeSeries(sampleCount: sampleCount ?? values.count, sampleRate: sampleRate, values: values)
    }

    static func threeSpace(_ text: String) -> ThreeSpace? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 3, let x = Double(words[0]), let y = Double(words[1]), let z = Double(words[2]),
              x.isFinite, y.isFinite, z.isFinite else {
            return nil
        }
        return ThreeSpace(x: x, y: y, z: z)
    }

    /// Trims XML whitespace only when there is some, so the common case copies nothing.
    static func trimmed(_ text: String) -> String {
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
        }
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else {
            return text
        }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }),
              let end = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[start...end])
    }
}
