import ArgumentParser
import Foundation
import MTConnectModel

/// `mtc shdr FILE [--json] [--probe DEVICES.xml]`: replays an SHDR adapter log.
struct SHDRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shdr",
        abstract: "Replay an SHDR adapter log and summarise or print its observations.",
        discussion: """
            Without --probe, conditions, messages and time series are recognised by their \
            shape; with the agent's probe document they are read exactly.
            Exit status: 0 when every line parses, 1 otherwise (the message names the line \
            and column).
            """
    )

    @Argument(help: "The SHDR log to read.")
    var file: String

    @Flag(help: "Print each observation as a JSON object (timestamp, key, value) instead of a summary.")
    var json = false

    @Option(help: "An MTConnectDevices document that says which keys are conditions, messages, …")
    var probe: String?

    func run() throws {
        let lines: [SHDRLine]
        do {
            var schema: SHDRSchema?
            if let probe {
                let document: MTConnectDocument
                do {
                    document = try MTConnectParser().parse(contentsOfFile: probe)
                } catch {
                    throw CLIFailure("\(probe): \(error)")
                }
                guard case .devices(let devices) = document else {
                    throw CLIFailure("\(probe): not an MTConnectDevices document")
                }
                schema = SHDRSchema(devices: devices)
            }
            lines = try SHDRParser.replay(contentsOfFile: file, schema: schema)
        } catch let error as MTConnectParseError {
            throw CLIFailure(error.code == .fileUnreadable ? error.description : "\(file): \(error)")
        }
        if json {
            let output = JSONLinesWriter()
            for case .observations(let record) in lines {
                for item in record.items {
                    try output.write(SHDRObservationLine(timestamp: record.timestampText, duration: record.duration, item: item))
                }
            }
            output.flush()
            return
        }
        var records = 0, items = 0, conditions = 0, assets = 0, commands = 0
        var keys = Set<String>()
        for line in lines {
            switch line {
            case .observations(let record):
                records += 1
                items += record.items.count
                for item in record.items {
                    keys.insert(item.key)
                    if case .condition = item.value { conditions += 1 }
                }
            case .asset: assets += 1
            case .ping, .pong, .command: commands += 1
            }
        }
        print("SHDR log")
        print("  observation lines: \(records)")
        print("  observations: \(items) (\(conditions) conditions) of \(keys.count) data items")
        print("  asset commands: \(assets)")
        print("  protocol commands: \(commands)")
    }
}

/// One observation of an SHDR log as `mtc shdr --json` prints it.
private struct SHDRObservationLine: Encodable {
    let timestamp: String
    let duration: Double?
    let item: SHDRItem

    private enum CodingKeys: String, CodingKey {
        case timestamp, duration, key, value, nativeCode, resetTriggered
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timestamp, forKey: .timestamp)
        try container.encodeIfPresent(duration, forKey: .duration)
        try container.encode(item.key, forKey: .key)
        try container.encode(item.value, forKey: .value)
        try container.encodeIfPresent(item.nativeCode, forKey: .nativeCode)
        try container.encodeIfPresent(item.resetTriggered, forKey: .resetTriggered)
    }
}
