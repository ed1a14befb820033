import AsyncHTTPClient
import Logging
import MTConnectModel

extension AgentFollower {
    /// The outer loop: (re)connect, follow until something happens, react, repeat.
    func follow(_ client: HTTPClient) async throws {
        var needsStart = true
        var resync = false
        while true {
            try Task.checkCancellation()
            do {
                if needsStart {
                    try await start(client, resync: resync)
                    needsStart = false
                    resync = false
                }
                switch state.withLock({ $0.mode }) {
                case .streaming: try await stream(client)
                case .polling: try await poll(client)
                }
            } catch let signal as FollowerSignal {
                if Task.isCancelled { throw CancellationError() }
                switch signal {
                case .outOfRange:
                    logger.warning("agent buffer overran the follower; resyncing from /current")
                    try await waitBeforeResyncing()
                case .instanceChanged(let instance):
                    logger.info("agent restarted", metadata: ["instanceId": "\(instance)"])
                case .fallBackToPolling(let reason):
                    logger.info("agent cannot stream; polling instead", metadata: ["reason": "\(reason)"])
                    state.withLock { $0.mode = .polling }
                    await publish([.connected(connection())])
                    continue
                }
                needsStart = true
                resync = true
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let failure = error as? AgentFollowerError ?? AgentFollowerError(.connectionFailed, "\(error)")
                guard failure.isRetryable else { throw failure }
                if failure.kind == .heartbeatTimeout { metrics.heartbeatTimeouts.increment() }
                try await waitBeforeReconnecting(after: failure)
                needsStart = true
            }
        }
    }

    private func waitBeforeReconnecting(after error: AgentFollowerError) async throws {
        let failures = state.withLock { state in
            state.failedAttempts += 1
            return state.failedAttempts
        }
        let delay = configuration.backoff.delay(afterFailures: failures)
        logger.warning("lost the agent; reconnecting", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
        metrics.reconnects.increment()
        await publish([.disconnected(reason: error, retryIn: delay)])
        try await Task.sleep(for: delay)
    }

    /// The first resync after progress is immediate; an agent that answers `OUT_OF_RANGE`
    /// again before delivering anything gets the reconnection backoff, so a confused agent
    /// is not hammered with probe and current requests.
    private func waitBeforeResyncing() async throws {
        let attempt = state.withLock { state in
            defer { state.resyncsWithoutProgress += 1 }
            return state.resyncsWithoutProgress
        }
        guard attempt > 0 else { return }
        let delay = configuration.backoff.delay(afterFailures: attempt)
        let reason = AgentFollowerError(.outOfRange, "the agent answered OUT_OF_RANGE \(attempt + 1) times in a row, each time right after a resync from /current")
        logger.warning("agent keeps answering OUT_OF_RANGE; waiting before the next resync", metadata: ["retryIn": "\(delay)"])
        await publish([.disconnected(reason: reason, retryIn: delay)])
        try await Task.sleep(for: delay)
    }

    /// Probe and current: learns the instance and where to continue.
    /// - Parameter resync: the start follows an `OUT_OF_RANGE` or a restart, not a lost connection.
    private func start(_ client: HTTPClient, resync: Bool) async throws {
        let probe = try await fetch(client, endpoint.probe)
        let devices: DevicesDocument
        switch try parse(probe) {
        case .devices(let document): devices = document
        case .error(let errors): throw classify(errors, streaming: false)
        default: throw AgentFollowerError(.invalidDocument, "the agent answered /probe with something other than MTConnectDevices")
        }
        let current = try await fetchStreams(client, endpoint.current, streaming: false)
        let events = state.withLock { state in
            state.devices = devices.devices.map { $0.name ?? $0.id }
            state.version = devices.header.version ?? current.header.version
            return state.tracker.begin(from: current, position: configuration.startPosition)
        }
        if resync || events.contains(where: { if case .resynced = $0 { true } else { false } }) {
            metrics.resyncs.increment()
        }
        metrics.recordLag(agentLast: current.header.lastSequence, next: nextSequence)
        let connection = connection()
        logger.info("following agent", metadata: [
            "instanceId": "\(connection.instanceId)", "version": "\(connection.version ?? "?")",
            "next": "\(nextSequence ?? 0)", "mode": "\(connection.mode)",
        ])
        await publish(Self.restartEvents(events) + [.connected(connection)] + Self.otherEvents(events))
    }

    /// Restart and gap reports come before `connected`; observations of a first `/current` after.
    private static func restartEvents(_ events: [AgentEvent]) -> [AgentEvent] {
        events.filter { if case .observation = $0 { false } else { true } }
    }

    private static func otherEvents(_ events: [AgentEvent]) -> [AgentEvent] {
        events.filter { if case .observation = $0 { true } else { false } }
    }

    func connection() -> AgentConnection {
        state.withLock { state in
            AgentConnection(instanceId: state.tracker.instanceId ?? 0, version: state.version, mode: state.mode, devices: state.devices)
        }
    }

    /// Hands a sample document to the tracker and its events to the consumer.
    func deliver(_ document: StreamsDocument, monitor: ActivityMonitor?) async throws {
        let verdict = state.withLock { state in
            let verdict = state.tracker.accept(document)
            if case .accepted = verdict {
                state.failedAttempts = 0
                state.resyncsWithoutProgress = 0
            }
            return verdict
        }
        metrics.recordLag(agentLast: document.header.lastSequence, next: nextSequence)
        switch verdict {
        case .instanceChanged(let instance):
            throw FollowerSignal.instanceChanged(instance)
        case .accepted(let events):
            if let monitor {
                await monitor.excluding { await publish(events) }
            } else {
                await publish(events)
            }
        }
    }

    /// What an `MTConnectError` document means for the follower.
    func classify(_ errors: ErrorDocument, streaming: Bool) -> any Error {
        let known = state.withLock { $0.tracker.instanceId }
        if let instance = errors.header.instanceId, let known, instance != known {
            return FollowerSignal.instanceChanged(instance)
        }
        if errors.isOutOfRange {
            return FollowerSignal.outOfRange
        }
        let codes = Set(errors.errors.map(\.code))
        if streaming, !codes.isDisjoint(with: [.invalidRequest, .unsupported, .queryError]) {
            return FollowerSignal.fallBackToPolling(errors.description)
        }
        if !codes.isDisjoint(with: [.internalError, .tooMany, .failure]) || codes.isEmpty {
            return AgentFollowerError(.agentUnavailable, "the agent failed the request: \(errors)", agentErrors: errors)
        }
        return AgentFollowerError(.agentError, "the agent refused the request: \(errors); check the device name and path filter", agentErrors: errors)
    }
}
