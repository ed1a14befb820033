/// Writes a large, realistic `MTConnectStreams` document.
enum SampleDocument {
    static func make(machines: Int, observationsPerMachine: Int) -> [UInt8] {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <MTConnectStreams xmlns="urn:mtconnect.org:MTConnectStreams:2.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <Header creationTime="2024-05-14T08:15:02Z" sender="bench" instanceId="1715670000" version="2.3.0.4" bufferSize="1048576" nextSequence="9000001" firstSequence="1" lastSequence="9000000"/>
              <Streams>

            """
        var sequence = 1
        func stamp(_ index: Int) -> String {
            let second = index % 60, minute = index / 60 % 60
            return "2024-05-14T08:\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second).\(String(100_000 + index % 900_000))Z"
        }
        for machine in 0..<machines {
            xml += "    <DeviceStream name=\"VMC-\(machine)\" uuid=\"vmc-\(machine)-uuid\">\n"
            let perComponent = observationsPerMachine / 4
            for axis in ["X", "Y", "Z"] {
                xml += "      <ComponentStream component=\"Linear\" componentId=\"\(axis.lowercased())\(machine)\" name=\"\(axis)\">\n        <Samples>\n"
                for index in 0..<perComponent {
                    defer { sequence += 1 }
                    switch index % 10 {
                    case 9:
                        xml += "          <PositionTimeSeries dataItemId=\"\(axis)ts\" sampleCount=\"5\" sampleRate=\"100\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">1.5 1.6 1.7 1.8 1.9</PositionTimeSeries>\n"
                    case 8:
                        xml += "          <Load dataItemId=\"\(axis)load\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">UNAVAILABLE</Load>\n"
                    default:
                        xml += "          <Position dataItemId=\"\(axis)pos\" name=\"\(axis)act\" subType=\"ACTUAL\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">\(Double(index % 4000) / 8 - 250.125)</Position>\n"
                    }
                }
                xml += "        </Samples>\n      </ComponentStream>\n"
            }
            xml += "      <ComponentStream component=\"Path\" componentId=\"path\(machine)\" name=\"path\">\n        <Events>\n"
            let events = perComponent * 8 / 10
            for index in 0..<events {
                defer { sequence += 1 }
                switch index % 20 {
                case 19:
                    xml += "          <VariableDataSet dataItemId=\"vars\" count=\"2\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\"><Entry key=\"#100\">\(index)</Entry><Entry key=\"#101\" removed=\"true\"/></VariableDataSet>\n"
                case 18:
                    xml += "          <WorkOffsetTable dataItemId=\"wpo\" count=\"1\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\"><Entry key=\"G54\"><Cell key=\"X\">1.0</Cell><Cell key=\"Y\">2.0</Cell></Entry></WorkOffsetTable>\n"
                case 0...8:
                    xml += "          <Execution dataItemId=\"exec\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">\(index % 2 == 0 ? "ACTIVE" : "READY")</Execution>\n"
                default:
                    xml += "          <Block dataItemId=\"block\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">N\(index) G01 X\(index % 100).5 Y-12.25 F1200</Block>\n"
                }
            }
            xml += "        </Events>\n        <Condition>\n"
            for index in 0..<(perComponent - events) {
                defer { sequence += 1 }
                if index % 3 == 0 {
                    xml += "          <Warning dataItemId=\"logic\" type=\"LOGIC_PROGRAM\" nativeCode=\"\(1000 + index % 50)\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\">Feed hold at block \(index)</Warning>\n"
                } else {
                    xml += "          <Normal dataItemId=\"logic\" type=\"LOGIC_PROGRAM\" sequence=\"\(sequence)\" timestamp=\"\(stamp(sequence))\"/>\n"
                }
            }
            xml += "        </Condition>\n      </ComponentStream>\n    </DeviceStream>\n"
        }
        xml += "  </Streams>\n</MTConnectStreams>\n"
        return Array(xml.utf8)
    }
}
