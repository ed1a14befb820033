import ArgumentParser
import Foundation
import Logging
import MTConnectAgentSimulator

/// `mtc simulate`: runs the in-process agent simulator as a stand-alone agent, for trying
/// `mtc follow` or any MTConnect client against a machine that behaves.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated MTConnect agent (a scripted mill, or an SHDR log replayed) on 127.0.0.1."
    )

    @Option(help: "Port to listen on; 0 lets the OS pick one.")
    var port: Int = 0

    @Option(help: "MTConnect version of the documents: 1.3, 2.0 or 2.3.")
    var version: String = "2.0"

    @Option(help: "Replay this SHDR adapter log instead of the scripted mill.")
    var shdr: String?

    @Option(help: "Milliseconds between steps of the machine.")
    var stepMs: Int = 500

    @Option(help: "Observations the agent buffers.")
    var bufferSize: Int = 4096

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        guard documentVersion != nil else { throw ValidationError("--version must look like 1.3 or 2.0") }
    }

    private var documentVersion: (Int, Int)? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let major = parts[0], let minor = parts[1] else { return nil }
        return (major, minor)
    }

    func run() async throws {
        let signals = SignalWatcher()
        var configuration = AgentSimulatorConfiguration()
        configuration.port = port
        configuration.stepInterval = .milliseconds(max(stepMs, 1))
        configuration.bufferSize = max(bufferSize, 16)
        guard let parts = documentVersion else { throw ValidationError("--version must look like 1.3 or 2.0") }
        configuration.version = MTConnectDocumentVersion(major: parts.0, minor: parts.1)
        let source: any SimulationSource
        if let shdr {
            guard let log = try? String(contentsOfFile: shdr, encoding: .utf8) else {
                throw CLIFailure("cannot read the SHDR log at \(shdr)")
            }
            configuration.device = SimulatedDevice.inferred(fromSHDR: log.split(whereSeparator: \.isNewline).map(String.init))
            source = SHDRReplay(log: log, device: configuration.device)
        } else {
            source = ScriptedMill()
        }
        let simulator = AgentSimulator(configuration: configuration, source: source, logger: Logger(label: "mtc.simulate"))
        try await simulator.start()
        FileHandle.standardError.write(Data("simulated agent at \(simulator.baseURL) (Ctrl-C stops it)\n".utf8))
        let stepper = Task {
            while !Task.isCancelled {
                simulator.step()
                try? await Task.sleep(for: configuration.stepInterval)
            }
        }
        await signals.waitForInterrupt()
        stepper.cancel()
        try await simulator.shutdown()
    }
}
