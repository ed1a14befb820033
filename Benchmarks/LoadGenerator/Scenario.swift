import AsyncHTTPClient
import Foundation
import NIOCore

/// What one run sends: the requests of a scenario, built ahead so the generator spends its
/// CPU on sending rather than on JSON (it shares the machine with the server).
struct Scenario: Sendable {
    enum Kind: String, CaseIterable, Sendable {
        /// `POST /api/ext/event`, a new idempotency key per request.
        case event
        /// `POST /api/ext/event` with keys already used, each with its first body: stored replays.
        case replay
        /// `POST /internal/machines/{id}/data` with a batch of samples.
        case ingest
    }

    let kind: Kind
    let baseURL: String
    let machine: String
    let apiKey: String
    let internalToken: String
    let batchSize: Int
    let replayKeys: Int
    /// Distinguishes this run's idempotency keys from earlier runs on the same database.
    let runId: String
    private let occurredAt: String
    private let ingestBodies: [ByteBuffer]

    init(kind: Kind, baseURL: String, machine: String, apiKey: String, internalToken: String, batchSize: Int, replayKeys: Int) {
        self.kind = kind
        self.baseURL = baseURL
        self.machine = machine
        self.apiKey = apiKey
        self.internalToken = internalToken
        self.batchSize = batchSize
        self.replayKeys = replayKeys
        runId = String(UUID().uuidString.prefix(8)).lowercased()
        let now = Date()
        occurredAt = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        ingestBodies = kind == .ingest ? Self.ingestBodies(count: 64, batchSize: batchSize, start: now) : []
    }

    /// The request with sequence number `index`.
    func request(_ index: Int) -> HTTPClientRequest {
        switch kind {
        case .event:
            return eventRequest(key: "lt-\(runId)-\(index)", sequence: index)
        case .replay:
            let slot = index % replayKeys
            return eventRequest(key: "lt-\(runId)-replay-\(slot)", sequence: slot)
        case .ingest:
            var request = HTTPClientRequest(url: "\(baseURL)/internal/machines/\(machine)/data")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(internalToken)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ingestBodies[index % ingestBodies.count])
            return request
        }
    }

    /// The requests that must have succeeded once before a run: the replay scenario's keys.
    var primingRequests: [HTTPClientRequest] {
        kind == .replay ? (0..<replayKeys).map { request($0) } : []
    }

    private func eventRequest(key: String, sequence: Int) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "\(baseURL)/api/ext/event")
        request.method = .POST
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Idempotency-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = #"{"machineId":"\#(machine)","type":"load.test","occurredAt":"\#(occurredAt)","payload":{"sequence":\#(sequence),"part":"A-100"}}"#
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    /// Batches of samples the way an adapter sends them: spindle speed, load and axis
    /// positions, a few milliseconds apart, each batch later than the one before.
    private static func ingestBodies(count: Int, batchSize: Int, start: Date) -> [ByteBuffer] {
        let items = [("S1speed", "ROTARY_VELOCITY"), ("S1load", "LOAD"), ("Xact", "POSITION"), ("Zact", "POSITION")]
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (0..<count).map { batch in
            let observations = (0..<batchSize).map { index in
                let (id, type) = items[index % items.count]
                let time = start.addingTimeInterval(Double(batch * batchSize + index) / 1000).formatted(style)
                let value = Double((batch * 31 + index * 7) % 5000) / 10
                return #"{"dataItemId":"\#(id)","timestamp":"\#(time)","category":"SAMPLE","type":"\#(type)","value":\#(value)}"#
            }
            return ByteBuffer(string: #"{"observations":[\#(observations.joined(separator: ","))]}"#)
        }
    }
}
