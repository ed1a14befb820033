import ArgumentParser
import Foundation
import MTConnectModel

/// `mtc parse FILE [--json]`: reads an MTConnect document and summarises it.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse an MTConnect document (probe, current/sample, assets or error).",
        discussion: """
            Prints the document type, version and counts. With --json, prints one JSON object \
            per line: observations of a streams document (read one by one, so large /sample \
            captures need little memory), data items of a devices document, assets, or errors.
            Exit status: 0 when the document is valid, 1 when it is not (the message names \
            the line and column).
            """
    )

    @Argument(help: "The XML file to read.")
    var file: String

    @Flag(help: "Print JSON lines instead of a summary.")
    var json = false

    func run() throws {
        let parser = MTConnectParser()
        let output = JSONLinesWriter()
        do {
            var header: Header?
            var observations = 0
            var devices: [String] = []
            try parser.forEachObservation(inFile: file, header: { header = $0 }) { observation in
                observations += 1
                if devices.last != observation.deviceName, !devices.contains(observation.deviceName) {
                    devices.append(observation.deviceName)
                }
                if json {
                    try output.write(observation)
                }
            }
            output.flush()
            if !json {
                let version = header?.version.map { " (agent \($0))" } ?? ""
                print("MTConnectStreams\(version)")
                print("  instanceId \(header?.instanceId.map(String.init) ?? "-"), sequences \(header?.firstSequence.map(String.init) ?? "-")…\(header?.lastSequence.map(String.init) ?? "-"), next \(header?.nextSequence.map(String.init) ?? "-")")
                print("  devices: \(devices.count) (\(devices.joined(separator: ", ")))")
                print("  observations: \(observations)")
            }
        } catch let error as MTConnectParseError where error.code == .unexpectedDocument || error.code == .agentError {
            try summarise(try parse(parser), output: output)
        } catch let error as MTConnectParseError {
            throw fail(error)
        }
    }

    private func parse(_ parser: MTConnectParser) throws -> MTConnectDocument {
        do {
            return try parser.parse(contentsOfFile: file)
        } catch {
            throw fail(error)
        }
    }

    private func fail(_ error: MTConnectParseError) -> ExitCode {
        FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
        return ExitCode(1)
    }

    private func summarise(_ document: MTConnectDocument, output: JSONLinesWriter) throws {
        defer { output.flush() }
        let version = document.version.map { " \($0)" } ?? " (no version)"
        switch document {
        case .devices(let devices):
            if json {
                for item in devices.allDataItems { try output.write(item) }
                return
            }
            print("MTConnectDevices\(version)")
            print("  devices: \(devices.devices.count) (\(devices.devices.map { $0.name ?? $0.id }.joined(separator: ", ")))")
            print("  components: \(devices.devices.map(\.allComponents.count).reduce(0, +))")
            print("  data items: \(devices.allDataItems.count)")
        case .assets(let assets):
            if json {
                for asset in assets.assets { try output.write(asset) }
                return
            }
            print("MTConnectAssets\(version)")
            print("  assets: \(assets.assets.count) (\(assets.assets.map { "\($0.type) \($0.assetId)" }.joined(separator: ", ")))")
        case .error(let errors):
            if json {
                for error in errors.errors { try output.write(error) }
                return
            }
            print("MTConnectError\(version)")
            for error in errors.errors {
                print("  \(error.code): \(error.message)")
            }
        case .streams:
            break
        }
    }
}
