import ArgumentParser
import Foundation
import MTConnectModel

/// `mtc parse FILE [--json]`: reads an MTConnect document and summarises it.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse an MTConnect document (probe, current/sample, assets, error) or a bare asset.",
        discussion: """
            Prints the document type, version and counts. With --json, prints one JSON object \
            per line: observations of a streams document (read one by one, so large /sample \
            captures need little memory), data items of a devices document, assets, or errors.
            A bare asset element (<CuttingTool assetId="…">, as an adapter sends it) is read \
            as one asset. '-' reads the document from standard input, up to the same size \
            limit as a file (256 MiB).
            Exit status: 0 when the document is valid, 1 when it is not (the message names \
            the line and column).
            """
    )

    @Argument(help: "The XML file to read; '-' reads standard input.")
    var file: String

    @Flag(help: "Print JSON lines instead of a summary.")
    var json = false

    func run() throws {
        let parser = MTConnectParser()
        let input: ParseInput
        if file == "-" {
            input = .bytes(try ParseInput.readStandardInput(limit: parser.limits.maximumBytes))
        } else {
            input = .file(file)
        }
        if let problem = input.sniff() {
            throw CLIFailure(problem)
        }
        let output = JSONLinesWriter()
        do {
            try streamObservations(input, parser: parser, output: output)
        } catch let error as MTConnectParseError where error.code == .unexpectedDocument || error.code == .agentError {
            try summarise(try parseWhole(input, parser: parser), output: output)
        } catch let error as MTConnectParseError {
            throw failure(error, input: input)
        }
    }

    /// Reads a streams document observation by observation, never holding its tree.
    private func streamObservations(_ input: ParseInput, parser: MTConnectParser, output: JSONLinesWriter) throws {
        var header: Header?
        var observations = 0
        var devices: [String] = []
        let body = { (observation: Observation) throws in
            observations += 1
            if devices.last != observation.deviceName, !devices.contains(observation.deviceName) {
                devices.append(observation.deviceName)
            }
            if json {
                try output.write(observation)
            }
        }
        switch input {
        case .file(let path): try parser.forEachObservation(inFile: path, header: { header = $0 }, body)
        case .bytes(let bytes): try parser.forEachObservation(in: bytes, header: { header = $0 }, body)
        }
        output.flush()
        if !json {
            let version = header?.version.map { " (agent \($0))" } ?? ""
            print("MTConnectStreams\(version)")
            print("  instanceId \(header?.instanceId.map(String.init) ?? "-"), sequences \(header?.firstSequence.map(String.init) ?? "-")…\(header?.lastSequence.map(String.init) ?? "-"), next \(header?.nextSequence.map(String.init) ?? "-")")
            print("  devices: \(devices.count) (\(devices.joined(separator: ", ")))")
            print("  observations: \(observations)")
        }
    }

    /// Any document kind, or else a bare asset element.
    private func parseWhole(_ input: ParseInput, parser: MTConnectParser) throws -> ParsedInput {
        do throws(MTConnectParseError) {
            switch input {
            case .file(let path): return .document(try parser.parse(contentsOfFile: path))
            case .bytes(let data): return .document(try parser.parse(data))
            }
        } catch where error.code == .unknownDocument {
            let fragment: [UInt8]
            switch input {
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path) else { throw failure(error, input: input) }
                fragment = Array(data)
            case .bytes(let data):
                fragment = data
            }
            guard let asset = try? parser.parseAsset(fragment), asset.looksLikeAnAsset else {
                throw failure(error, input: input)
            }
            return .asset(asset)
        } catch {
            throw failure(error, input: input)
        }
    }

    private func failure(_ error: MTConnectParseError, input: ParseInput) -> CLIFailure {
        // These already name the file.
        if case .file = input, error.code == .fileUnreadable || error.code == .documentTooLarge {
            return CLIFailure(error.description)
        }
        if error.code == .unknownDocument {
            return CLIFailure("\(input.name): \(error); nor is it a bare asset element with an assetId")
        }
        return CLIFailure("\(input.name): \(error)")
    }

    private func summarise(_ parsed: ParsedInput, output: JSONLinesWriter) throws {
        defer { output.flush() }
        let document: MTConnectDocument
        switch parsed {
        case .asset(let asset):
            if json {
                try output.write(asset)
                return
            }
            print("\(asset.type) asset \(asset.assetId)")
            print("  device \(asset.deviceUuid ?? "-"), timestamp \(asset.timestamp.map { "\($0)" } ?? "-")\(asset.removed ? ", removed" : "")")
            if let tool = asset.cuttingTool {
                print("  tool \(tool.toolId ?? "-"), serial number \(tool.serialNumber ?? "-"), cutting items \(tool.cuttingItems.count)")
            }
            return
        case .document(let parsedDocument):
            document = parsedDocument
        }
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
            if assets.assets.isEmpty {
                print("  no assets")
            } else {
                print("  assets: \(assets.assets.count) (\(assets.assets.map { "\($0.type) \($0.assetId)" }.joined(separator: ", ")))")
            }
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

/// What `mtc parse` read: a whole document or a bare asset element.
private enum ParsedInput {
    case document(MTConnectDocument)
    case asset(Asset)
}

extension Asset {
    /// Whether a root element the parser does not know as a document is an asset: it has an
    /// `assetId`, or it is named as one of the standard's asset types.
    var looksLikeAnAsset: Bool {
        !assetId.isEmpty || Self.standardTypes.contains(type)
    }

    private static let standardTypes: Set<String> = [
        "CuttingTool", "CuttingToolArchetype", "Part", "PartArchetype", "Process", "ProcessArchetype",
        "File", "FileArchetype", "RawMaterial", "Fixture", "Pallet", "Task", "TaskArchetype",
        "QIFDocumentWrapper", "ComponentConfigurationParameters",
    ]
}
