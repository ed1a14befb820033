import MTConnectModel

/// Keeps the follower's place in an agent's sequence numbers and turns documents into
/// events, so that no observation is repeated and none is skipped without a ``SequenceGap``.
///
/// A plain value with no I/O: every rule of exactly-once delivery lives here.
struct SequenceTracker: Sendable {
    enum Verdict: Sendable {
        case accepted([AgentEvent])
        /// The document comes from another agent instance; nothing in it was delivered.
        case instanceChanged(UInt64)
    }

    private(set) var instanceId: UInt64?
    /// The next sequence number to deliver; `nil` before the first `/current`.
    private(set) var next: UInt64?

    /// Positions the tracker from a `/current` answer: at the start, after a reconnect, after
    /// an `OUT_OF_RANGE` and after a restart.
    mutating func begin(from current: StreamsDocument, position: AgentFollowerConfiguration.StartPosition) -> [AgentEvent] {
        let header = current.header
        let first = header.firstSequence ?? 1
        let agentNext = header.nextSequence ?? first
        guard let known = instanceId, let expected = next else {
            instanceId = header.instanceId
            switch position {
            case .current:
                var events: [AgentEvent] = []
                var cursor: UInt64 = 0
                for observation in current.observations.sorted(by: { $0.sequence < $1.sequence }) where observation.sequence >= cursor {
                    events.append(.observation(observation))
                    cursor = observation.sequence + 1
                }
                next = max(agentNext, cursor)
                return events
            case .earliest:
                next = first
                return []
            }
        }
        if let instance = header.instanceId, instance != known {
            instanceId = instance
            next = first
            return [.agentRestarted(previousInstanceId: known, instanceId: instance), .resynced(nextSequence: first)]
        }
        if expected < first {
            next = first
            return [.gap(SequenceGap(expected: expected, resumedAt: first)), .resynced(nextSequence: first)]
        }
        if expected > agentNext {
            // The agent is behind us under the same instance id: it lost its buffer without
            // saying so. Its sequence numbers now name new observations, so take them all.
            next = first
            return [.resynced(nextSequence: first)]
        }
        return []
    }

    /// Takes a `/sample` answer or one streamed part.
    mutating func accept(_ document: StreamsDocument) -> Verdict {
        let header = document.header
        if let instance = header.instanceId, let known = instanceId, instance != known {
            return .instanceChanged(instance)
        }
        guard var cursor = next else { return .accepted([]) }
        var events: [AgentEvent] = []
        if let first = header.firstSequence, first > cursor {
            events.append(.gap(SequenceGap(expected: cursor, resumedAt: first)))
            cursor = first
        }
        let observations = document.observations
        let ordered = observations.isSorted { $0.sequence < $1.sequence } ? observations : observations.sorted { $0.sequence < $1.sequence }
        events.reserveCapacity(events.count + ordered.count)
        for observation in ordered where observation.sequence >= cursor {
            events.append(.observation(observation))
            cursor = observation.sequence + 1
        }
        if let agentNext = header.nextSequence, agentNext > cursor {
            cursor = agentNext
        }
        next = cursor
        return .accepted(events)
    }
}

extension Array {
    fileprivate func isSorted(by areInIncreasingOrder: (Element, Element) -> Bool) -> Bool {
        guard count > 1 else { return true }
        for index in 1..<count where !areInIncreasingOrder(self[index - 1], self[index]) {
            return false
        }
        return true
    }
}
