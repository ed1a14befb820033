import AsyncHTTPClient
import Foundation
import MTConnectAgentSimulator
import NIOCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AgentSimulatorTests {
    struct Answer {
        var status: Int
        var contentType: String
        var contentEncoding: String?
        var body: String
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        return Answer(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type") ?? "",
            contentEncoding: response.headers.first(name: "content-encoding"), body: String(buffer: body)
        )
    }

    static func withSimulator(
        _ edit: (inout AgentSimulatorConfiguration) -> Void = { _ in },
        _ body: (AgentSimulator) async throws -> Void
    ) async throws {
        var configuration = AgentSimulatorConfiguration()
        edit(&configuration)
        let simulator = AgentSimulator(configuration: configuration, source: ScriptedMill())
        try await simulator.start()
        do {
            try await body(simulator)
        } catch {
            try await simulator.shutdown()
            throw error
        }
        try await simulator.shutdown()
    }

    @Test("binds a free loopback port chosen by the OS")
    func bindsFreePort() async throws {
        try await Self.withSimulator { simulator in
            #expect(simulator.port > 0)
            #expect(simulator.baseURL == "http://127.0.0.1:\(simulator.port)")
        }
    }

    @Test("probe describes the device in the namespace of the configured version",
          arguments: [MTConnectDocumentVersion.v1_3, .v2_0, .v2_3])
    func probe(version: MTConnectDocumentVersion) async throws {
        try await Self.withSimulator({ $0.version = version }) { simulator in
            let answer = try await Self.get(simulator.baseURL + "/probe")
            #expect(answer.status == 200)
            #expect(answer.body.contains("xmlns=\"urn:mtconnect.org:MTConnectDevices:\(version)\""))
            #expect(answer.body.contains("<Device id=\"mill\" name=\"Mill\" uuid=\"mill-0001\">"))
            #expect(answer.body.contains("instanceId=\"\(simulator.instanceId)\""))
            #expect(answer.body.contains("type=\"ROTARY_VELOCITY\""))
        }
    }

    @Test("every data item starts UNAVAILABLE with consecutive sequence numbers")
    func seedsUnavailable() async throws {
        try await Self.withSimulator { simulator in
            let count = UInt64(SimulatedDevice.mill.dataItems.count)
            #expect(simulator.firstSequence == 1)
            #expect(simulator.nextSequence == count + 1)
            let answer = try await Self.get(simulator.baseURL + "/current")
            #expect(answer.body.contains("nextSequence=\"\(count + 1)\""))
            #expect(answer.body.contains("<Unavailable dataItemId=\"system\""))
            #expect(answer.body.contains(">UNAVAILABLE</Execution>"))
        }
    }

    @Test("sample honours from and count and reports the next sequence")
    func sampleWindow() async throws {
        try await Self.withSimulator { simulator in
            simulator.step(10)
            let answer = try await Self.get(simulator.baseURL + "/sample?from=3&count=4")
            #expect(answer.body.contains("nextSequence=\"7\""))
            for sequence in 3...6 { #expect(answer.body.contains("sequence=\"\(sequence)\"")) }
            #expect(!answer.body.contains("sequence=\"7\""))
        }
    }

    @Test("a from before the buffer or past its end is OUT_OF_RANGE", arguments: [1, 1000])
    func outOfRange(from: Int) async throws {
        try await Self.withSimulator({ $0.bufferSize = 16 }) { simulator in
            simulator.step(30)
            let answer = try await Self.get(simulator.baseURL + "/sample?from=\(from)")
            #expect(answer.status == 400)
            #expect(answer.body.contains("<MTConnectError"))
            #expect(answer.body.contains("errorCode=\"OUT_OF_RANGE\""))
        }
    }

    @Test("the buffer keeps only the configured number of observations")
    func ringBuffer() async throws {
        try await Self.withSimulator({ $0.bufferSize = 16 }) { simulator in
            let appended = simulator.step(30)
            #expect(simulator.nextSequence == appended.last!.sequence + 1)
            #expect(simulator.firstSequence == simulator.nextSequence - 16)
        }
    }

    @Test("text and attributes are escaped so replayed data cannot break the document")
    func escapesText() async throws {
        try await Self.withSimulator { simulator in
            simulator.append([SimulatedObservation(dataItemId: "program", value: .value("<O1&\"2\"> \u{1}"))])
            let answer = try await Self.get(simulator.baseURL + "/current")
            #expect(answer.body.contains(">&lt;O1&amp;\"2\"&gt; \u{FFFD}</Program>"))
        }
    }

    @Test("unknown devices, paths and requests get MTConnect errors", arguments: [
        ("/Lathe/sample", "NO_DEVICE"),
        ("/sample?path=//Foo", "INVALID_XPATH"),
        ("/sample?count=x", "INVALID_REQUEST"),
        ("/a/b/c", "INVALID_URI"),
    ])
    func errors(path: String, code: String) async throws {
        try await Self.withSimulator { simulator in
            let answer = try await Self.get(simulator.baseURL + path)
            #expect(answer.body.contains("errorCode=\"\(code)\""))
        }
    }

    @Test("an agent that cannot stream rejects interval as a 1.2 agent does")
    func rejectsInterval() async throws {
        try await Self.withSimulator({ $0.supportsStreaming = false }) { simulator in
            let answer = try await Self.get(simulator.baseURL + "/sample?interval=100")
            #expect(answer.body.contains("errorCode=\"INVALID_REQUEST\""))
        }
    }

    @Test("gzip is used when the client accepts it")
    func gzip() async throws {
        try await Self.withSimulator({ $0.compressesResponses = true }) { simulator in
            let answer = try await Self.get(simulator.baseURL + "/probe", headers: [("Accept-Encoding", "gzip")])
            #expect(answer.contentEncoding == "gzip")
            // HTTPClient.shared inflates gzip itself; the header proves the simulator sent it.
            #expect(answer.body.contains("<MTConnectDevices"))
        }
    }

    @Test("a stream is chunked multipart with the boundary in Content-Type and heartbeats when idle")
    func streams() async throws {
        try await Self.withSimulator { simulator in
            simulator.step(3)
            let request = HTTPClientRequest(url: simulator.baseURL + "/sample?from=1&interval=10&heartbeat=50")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let contentType = response.headers.first(name: "content-type") ?? ""
            #expect(contentType.hasPrefix("multipart/mixed;boundary="))
            let boundary = String(contentType.dropFirst("multipart/mixed;boundary=".count))
            var received = ""
            let deadline = ContinuousClock.now + .seconds(10)
            for try await chunk in response.body {
                received += String(buffer: chunk)
                // Data first, then at least two empty heartbeat documents.
                if received.components(separatedBy: "--\(boundary)\r\n").count >= 4 { break }
                if ContinuousClock.now > deadline { break }
            }
            let parts = received.components(separatedBy: "--\(boundary)\r\n").dropFirst()
            #expect(parts.count >= 3)
            #expect(parts.first?.contains("sequence=\"1\"") == true)
            #expect(parts.dropFirst().allSatisfy { $0.contains("<Streams></Streams>") })
        }
    }

    @Test("replays an SHDR log: conditions, messages and values land on the right data items")
    func replaysSHDR() async throws {
        let log = """
        2024-01-01T00:00:00Z|avail|AVAILABLE|execution|ACTIVE
        2024-01-01T00:00:01Z|system|FAULT|E42|2||Spindle hot
        * PING
        2024-01-01T00:00:02Z|message|M1|Door open|unknownkey|5|Sspeed|1500
        """
        var replay = SHDRReplay(log: log, device: .mill, loops: false)
        let first = replay.nextStep()
        #expect(first == [SimulatedObservation(dataItemId: "avail", value: .value("AVAILABLE")), SimulatedObservation(dataItemId: "execution", value: .value("ACTIVE"))])
        #expect(replay.nextStep() == [SimulatedObservation(dataItemId: "system", value: .condition(level: "FAULT", nativeCode: "E42", severity: "2", text: "Spindle hot"))])
        #expect(replay.nextStep() == [SimulatedObservation(dataItemId: "message", value: .message(nativeCode: "M1", text: "Door open")), SimulatedObservation(dataItemId: "Sspeed", value: .value("1500"))])
        #expect(replay.nextStep().isEmpty)
        #expect(replay.isFinished)
    }

    @Test("infers a device from an SHDR log's keys")
    func infersDevice() {
        let device = SimulatedDevice.inferred(fromSHDR: ["t|servo_cond|Normal||||", "t|mode|AUTOMATIC|program|O1"])
        #expect(device.dataItems.map(\.id) == ["servo_cond", "mode", "program"])
        #expect(device.dataItems.first?.category == .condition)
    }
}
