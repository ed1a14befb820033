import ArgumentParser
import Foundation
import Logging
import MTConnectAgent
import MTConnectModel

/// `mtc follow URL`: prints an agent's observations and the follower's state events as they
/// arrive; Ctrl-C stops it cleanly.
struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow a live MTConnect agent and print observations and state changes."
    )

    @Argument(help: "The agent's base URL, e.g. http://agent:5000")
    var url: String

    @Option(help: "Follow only this device.")
    var device: String?

    @Option(help: "Streaming interval in milliseconds; 0 polls instead of streaming.")
    var interval: Int = 100

    @Option(help: "An XPath filter passed through to the agent, e.g. //DataItem[@type=\"EXECUTION\"].")
    var path: String?

    @Flag(help: "Print one JSON object per line.")
    var json = false

    func run() async throws {
        var configuration = AgentFollowerConfiguration()
        configuration.device = device
        configuration.path = path
        if interval > 0 {
            configuration.interval = .milliseconds(interval)
        } else {
            configuration.mode = .polling
        }
        var logger = Logger(label: "mtc.follow")
        logger.logLevel = .warning
        let follower: AgentFollower
        do {
            follower = try AgentFollower(url: url, configuration: configuration, logger: logger)
        } catch {
            throw ValidationError(error.message)
        }
        let printer = FollowPrinter(json: json)
        let signals = SignalWatcher()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await follower.run() }
            group.addTask {
                await signals.waitForInterrupt()
                throw CancellationError()
            }
            group.addTask {
                for try await event in follower.events where !printer.print(event) {
                    // stdout is gone: stop as if interrupted.
                    throw CancellationError()
                }
            }
            do {
                // The first child to finish decides: the consumer ends when the follower
                // stops; an interrupt cancels both.
                try await group.next()
                group.cancelAll()
            } catch is CancellationError {
                group.cancelAll()
            }
        }
    }
}
