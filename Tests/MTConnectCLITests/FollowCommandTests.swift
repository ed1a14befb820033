import Foundation
import Testing
import TestSupport

@testable import MTConnectCLI

@Suite("mtc follow says what it is doing")
struct FollowCommandTests {
    @Test(
        "an agent that refuses connections is reported at once, with a rounded retry delay, and Ctrl-C ends with 0",
        .enabled(if: MTCProcess.isBuilt, MTCProcess.notBuilt)
    )
    func refusedConnectionsAreReportedAtOnce() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let url = "http://127.0.0.1:\(refusing.port)"
        let started = ContinuousClock.now
        let follow = try MTCProcess.start(["follow", url])
        // Before, nothing came for the whole 30 s request timeout.
        let reported = await follow.waitForOutput(within: .seconds(5)) { $0.contains("retrying in") }
        follow.child.signal(SIGINT)
        let result = await follow.finish(within: .seconds(10))
        #expect(reported, "\(result)")
        #expect(ContinuousClock.now - started < .seconds(15))
        #expect(result.status == 0, "\(result)")
        let lines = result.outputLines
        try #require(lines.count >= 2, "\(result)")
        #expect(lines[0] == "# connecting to \(url) …")
        let retry = #/^# http:\/\/127\.0\.0\.1:(\d+): connection refused; retrying in (0\.\d|\d+) s$/#
        #expect(try retry.wholeMatch(in: lines[1]) != nil, "\(lines[1])")
        #expect(result.standardError.isEmpty, "\(result)")
    }

    @Test(arguments: [(0.43, "0.4 s"), (0.5, "0.5 s"), (1.2, "1 s"), (1.9, "2 s"), (29.6, "30 s")])
    func retryDelaysAreRounded(seconds: Double, shown: String) {
        #expect(FollowPrinter.seconds(.milliseconds(Int(seconds * 1000))) == shown)
    }
}
