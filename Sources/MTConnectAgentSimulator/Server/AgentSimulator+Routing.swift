/// What the HTTP handler does with a request.
enum SimulatorResponse: Sendable {
    case document(status: Int, xml: String)
    case stream(StreamPlan)
    /// Stalled: keep the connection open and say nothing.
    case noAnswer
}

/// A streaming `/sample` in progress: where it is and what it includes.
struct StreamPlan: Sendable {
    var cursor: UInt64
    var count: Int
    var interval: Int
    var heartbeat: Int
    var includedIds: Set<String>
}

/// The outcome of one streaming tick.
enum StreamTick: Sendable {
    case data(xml: String, next: UInt64, full: Bool)
    case idle(next: UInt64)
    case error(xml: String)
    case stalled
}

extension AgentSimulator {
    func respond(to request: SimulatorRequest) -> SimulatorResponse {
        guard let kind = request.kind else {
            return errorResponse(SimulatedAgentError(code: "INVALID_URI", message: "unknown request; use /probe, /current or /sample", status: 404))
        }
        let device = configuration.device
        if let name = request.device, name != device.name, name != device.uuid {
            return errorResponse(SimulatedAgentError(code: "NO_DEVICE", message: "no device named '\(name)'", status: 404))
        }
        var included = Set(device.dataItems.map(\.id))
        if let path = request.query["path"] {
            guard let filter = DataItemPathFilter(path) else {
                return errorResponse(SimulatedAgentError(code: "INVALID_XPATH", message: "the simulator cannot evaluate path '\(path)'"))
            }
            included = Set(device.dataItems.filter(filter.matches).map(\.id))
        }
        switch kind {
        case .probe:
            return .document(status: 200, xml: state.withLock { writer.probe(header(of: $0, next: $0.buffer.nextSequence)) })
        case .current:
            return current(including: included)
        case .sample:
            return sample(request.query, including: included)
        }
    }

    private func current(including included: Set<String>) -> SimulatorResponse {
        state.withLock { state in
            if state.stalled { return .noAnswer }
            let latest = state.buffer.latest.values
                .filter { included.contains($0.observation.dataItemId) && $0.sequence >= state.buffer.firstSequence }
                .sorted { $0.sequence < $1.sequence }
            return .document(status: 200, xml: writer.streams(header(of: state, next: state.buffer.nextSequence), observations: latest))
        }
    }

    private func sample(_ query: [String: String], including included: Set<String>) -> SimulatorResponse {
        let count = query["count"].map { Int($0) } ?? 100
        guard let count, count > 0 else {
            return errorResponse(SimulatedAgentError(code: "INVALID_REQUEST", message: "'count' must be a positive integer"))
        }
        var interval: Int?
        var heartbeat = 10_000
        if let value = query["interval"] {
            guard let parsed = Int(value), parsed >= 0 else {
                return errorResponse(SimulatedAgentError(code: "INVALID_REQUEST", message: "'interval' must be a non-negative integer"))
            }
            guard configuration.supportsStreaming else {
                return errorResponse(SimulatedAgentError(code: "INVALID_REQUEST", message: "'interval' is not supported by this agent"))
            }
            interval = parsed
        }
        if let value = query["heartbeat"] {
            guard let parsed = Int(value), parsed > 0 else {
                return errorResponse(SimulatedAgentError(code: "INVALID_REQUEST", message: "'heartbeat' must be a positive integer"))
            }
            heartbeat = parsed
        }
        let fromText = query["from"]
        let from = fromText.map { UInt64($0) } ?? nil
        if fromText != nil, from == nil {
            return errorResponse(SimulatedAgentError(code: "INVALID_REQUEST", message: "'from' must be a non-negative integer"))
        }
        return state.withLock { state -> SimulatorResponse in
            if state.stalled { return .noAnswer }
            if let error = state.pendingErrors.first {
                state.pendingErrors.removeFirst()
                return errorResponse(error, state: state)
            }
            let start = from ?? state.buffer.firstSequence
            guard start >= state.buffer.firstSequence, start <= state.buffer.nextSequence else {
                return errorResponse(SimulatedAgentError(
                    code: "OUT_OF_RANGE",
                    message: "'from' must be between \(state.buffer.firstSequence) and \(state.buffer.nextSequence)"), state: state)
            }
            let limited = min(count, configuration.maximumCount)
            if let interval {
                return .stream(StreamPlan(cursor: start, count: limited, interval: interval, heartbeat: heartbeat, includedIds: included))
            }
            let slice = state.buffer.slice(from: start, count: limited) { included.contains($0.observation.dataItemId) }
            return .document(status: 200, xml: writer.streams(header(of: state, next: slice.next), observations: slice.observations))
        }
    }

    func tick(_ plan: StreamPlan) -> StreamTick {
        state.withLock { state in
            if state.stalled { return .stalled }
            if let error = state.pendingErrors.first {
                state.pendingErrors.removeFirst()
                return .error(xml: errorDocument(error, state: state))
            }
            guard plan.cursor >= state.buffer.firstSequence else {
                return .error(xml: errorDocument(.outOfRange, state: state))
            }
            let slice = state.buffer.slice(from: plan.cursor, count: plan.count) { plan.includedIds.contains($0.observation.dataItemId) }
            guard !slice.observations.isEmpty else { return .idle(next: slice.next) }
            let xml = writer.streams(header(of: state, next: slice.next), observations: slice.observations)
            return .data(xml: xml, next: slice.next, full: slice.observations.count == plan.count)
        }
    }

    /// The document `/sample?from=<from>&count=<count>` would answer now (every data item,
    /// at most ``AgentSimulatorConfiguration/maximumCount`` observations), for benchmarks and
    /// cross-checks that want the agent's bytes without HTTP.
    public func sampleDocument(from: UInt64, count: Int) -> String {
        state.withLock { state in
            let slice = state.buffer.slice(from: from, count: min(max(count, 1), configuration.maximumCount)) { _ in true }
            return writer.streams(header(of: state, next: slice.next), observations: slice.observations)
        }
    }

    /// An empty streams document: what an agent sends as a heartbeat.
    func heartbeatDocument(next: UInt64) -> String {
        state.withLock { writer.streams(header(of: $0, next: next), observations: []) }
    }

    private func header(of state: State, next: UInt64) -> DocumentWriter.Header {
        DocumentWriter.Header(
            instanceId: state.instanceId, bufferSize: configuration.bufferSize,
            firstSequence: state.buffer.firstSequence, nextSequence: next,
            lastSequence: state.buffer.lastSequence, creationTime: Timestamp.now()
        )
    }

    private func errorResponse(_ error: SimulatedAgentError) -> SimulatorResponse {
        state.withLock { errorResponse(error, state: $0) }
    }

    private func errorResponse(_ error: SimulatedAgentError, state: State) -> SimulatorResponse {
        .document(status: error.status, xml: errorDocument(error, state: state))
    }

    private func errorDocument(_ error: SimulatedAgentError, state: State) -> String {
        writer.error(code: error.code, message: error.message, instanceId: state.instanceId, bufferSize: configuration.bufferSize, creationTime: Timestamp.now())
    }
}
