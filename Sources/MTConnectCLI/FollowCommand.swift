import ArgumentParser
import Foundation
import Logging
import MTConnectAgent
import MTConnectModel

/// `mtc follow URL`: prints an agent's observations and the follower's state events as they
/// arrive; Ctrl-C or SIGTERM stops it cleanly, with status 0.
struct FollowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Follow a live MTConnect agent and print observations and state changes.",
        discussion: """
            Lines starting with '#' report the connection: connecting, connected, the reason \
            and delay of each retry (an unreachable agent is retried with backoff, forever), \
            agent restarts and lost observations. Ctrl-C (SIGINT) or SIGTERM stops it with \
            status 0; an error retrying cannot fix (an unknown device, a path the agent \
            rejects) ends it with status 1.
            """
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

    func validate() throws {
        guard interval >= 0 else { throw ValidationError("--interval must be 0 or more") }
        do {
            _ = try AgentFollower(url: url, configuration: followerConfiguration(), logger: Logger(label: "mtc.follow"))
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let signals = SignalWatcher()
        // Failures reach the user once: retries as `disconnected` lines, a fatal error as
        // the command's `Error:` line; the follower's own log would repeat them.
        let follower = try AgentFollower(url: url, configuration: followerConfiguration(), logger: cliLogger("mtc.follow"))
        let printer = FollowPrinter(json: json)
        // At once: the first connection attempt may take up to the request timeout.
        guard printer.connecting(to: url) else { return }
        do {
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
        } catch let error as AgentFollowerError {
            throw CLIFailure(error.message)
        }
    }

    private func followerConfiguration() -> AgentFollowerConfiguration {
        var configuration = AgentFollowerConfiguration()
        configuration.device = device
        configuration.path = path
        if interval > 0 {
            configuration.interval = .milliseconds(interval)
        } else {
            configuration.mode = .polling
        }
        return configuration
    }
}
