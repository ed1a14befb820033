import ArgumentParser
import Foundation
import AsyncHTTPClient
import NIOCore
import NIOPosix

/// Drives a running `mtc-server` with the ext and ingest scenarios and prints throughput,
/// latency percentiles and error counts. `scripts/loadtest.sh` starts the server and runs it.
@main
struct LoadGenerator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-generator",
        abstract: "Load test for mtc-server: open model at a fixed rate, or closed loop for the maximum throughput."
    )

    @Option(help: "The server's base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Scenarios to run in order, comma separated: event, replay, ingest.")
    var scenarios = "event,replay,ingest"

    @Option(help: "The machine (UUID or external id) the requests name.")
    var machine: String

    @Option(help: "API key for /api/ext (or MTC_LOADTEST_API_KEY).")
    var apiKey: String?

    @Option(help: "Internal token for /internal (or MTC_LOADTEST_INTERNAL_TOKEN).")
    var internalToken: String?

    @Option(help: "Open model: requests started per second, whatever the answers.")
    var rate = 1000

    @Option(help: "Closed loop instead: this many workers, each sending as soon as its last request is answered.")
    var concurrency: Int?

    @Option(help: "Measured seconds per scenario.")
    var duration = 20

    @Option(help: "Seconds at the same load before measuring (connections, caches, JIT-free warm-up of the server's pools).")
    var warmup = 3

    @Option(help: "Observations per ingest batch.")
    var batchSize = 100

    @Option(help: "Distinct keys the replay scenario cycles through (each sent once before the run).")
    var replayKeys = 100

    @Option(help: "HTTP/1.1 connections to the server.")
    var connections = 64

    @Option(help: "Open model: requests allowed in flight before new ones are counted as dropped.")
    var maximumInFlight = 10_000

    @Option(help: "Per-request timeout in seconds.")
    var timeout = 10

    @Flag(help: "Also print a Markdown table row per scenario.")
    var markdown = false

    func validate() throws {
        guard rate > 0, duration > 0, warmup >= 0, batchSize > 0, replayKeys > 0, connections > 0, timeout > 0 else {
            throw ValidationError("--rate, --duration, --batch-size, --replay-keys, --connections and --timeout must be positive.")
        }
        if let concurrency, concurrency <= 0 { throw ValidationError("--concurrency must be positive.") }
        for name in scenarios.split(separator: ",") where Scenario.Kind(rawValue: String(name)) == nil {
            throw ValidationError("Unknown scenario '\(name)'; use event, replay or ingest.")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let apiKey = apiKey ?? environment["MTC_LOADTEST_API_KEY"] ?? ""
        let internalToken = internalToken ?? environment["MTC_LOADTEST_INTERNAL_TOKEN"] ?? ""
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        configuration.decompression = .disabled
        // One event loop: the generator shares two cores with the server it measures.
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let client = HTTPClient(eventLoopGroup: loops, configuration: configuration)
        var rows: [String] = []
        do {
            for name in scenarios.split(separator: ",") {
                let kind = Scenario.Kind(rawValue: String(name))!
                let scenario = Scenario(
                    kind: kind, baseURL: url, machine: machine, apiKey: apiKey, internalToken: internalToken,
                    batchSize: batchSize, replayKeys: replayKeys
                )
                let report = try await run(scenario, client: client)
                print(report.text)
                rows.append(report.markdownRow)
            }
        } catch {
            try await client.shutdown()
            try await loops.shutdownGracefully()
            throw error
        }
        try await client.shutdown()
        try await loops.shutdownGracefully()
        if markdown {
            print("\n| scenario | mode | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n|---|---|---|---|---|---|---|---|")
            rows.forEach { print($0) }
        }
    }

    private func run(_ scenario: Scenario, client: HTTPClient) async throws -> LoadReport {
        let sender = RequestSender(client: client, timeout: .seconds(timeout), expectReplay: scenario.kind == .replay)
        let priming = LatencyRecorder(expected: replayKeys)
        for request in scenario.primingRequests {
            await sender.send(request, due: ContinuousClock.now, into: priming)
        }
        let primed = priming.snapshot()
        guard primed.failures.isEmpty, primed.statuses.keys.allSatisfy({ (200..<300).contains($0) }) else {
            throw ValidationError("Priming the replay keys failed: statuses \(primed.statuses), failures \(primed.failures).")
        }
        let snapshot: LatencyRecorder.Snapshot
        let elapsed: Double
        let mode: String
        if let concurrency {
            mode = "closed loop, \(concurrency) workers"
            (snapshot, elapsed) = await ClosedLoopRunner(
                concurrency: concurrency, warmup: .seconds(warmup), duration: .seconds(duration)
            ).run(scenario, sender: sender)
        } else {
            mode = "open, \(rate) req/s"
            (snapshot, elapsed) = await OpenLoopRunner(
                rate: rate, warmup: .seconds(warmup), duration: .seconds(duration), maximumInFlight: maximumInFlight
            ).run(scenario, sender: sender)
        }
        return LoadReport(scenario: scenario.kind.rawValue, mode: mode, snapshot: snapshot, elapsedSeconds: elapsed)
    }
}
