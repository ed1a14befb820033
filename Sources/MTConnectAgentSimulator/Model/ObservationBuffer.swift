/// The agent's circular buffer: the last `capacity` observations with consecutive sequence
/// numbers, plus the latest observation of every data item for `/current`.
struct ObservationBuffer: Sendable {
    let capacity: Int
    private var storage: [SequencedObservation?]
    private(set) var firstSequence: UInt64 = 1
    private(set) var nextSequence: UInt64 = 1
    private(set) var latest: [String: SequencedObservation] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "buffer capacity must be positive")
        self.capacity = capacity
        self.storage = Array(repeating: nil, count: capacity)
    }

    var lastSequence: UInt64 { nextSequence > firstSequence ? nextSequence - 1 : firstSequence }
    var isEmpty: Bool { nextSequence == firstSequence }

    mutating func append(_ observation: SimulatedObservation, timestamp: String, instanceId: UInt64) -> SequencedObservation {
        let sequenced = SequencedObservation(
            sequence: nextSequence, timestamp: observation.timestamp ?? timestamp,
            observation: observation, instanceId: instanceId
        )
        storage[Int(nextSequence % UInt64(capacity))] = sequenced
        nextSequence += 1
        if nextSequence - firstSequence > UInt64(capacity) {
            firstSequence = nextSequence - UInt64(capacity)
        }
        latest[observation.dataItemId] = sequenced
        return sequenced
    }

    /// Observations from `from` on, at most `count` of those `include` accepts, and the
    /// sequence to ask for next (one past the last one examined).
    func slice(from: UInt64, count: Int, include: (SequencedObservation) -> Bool) -> (observations: [SequencedObservation], next: UInt64) {
        var result: [SequencedObservation] = []
        var sequence = max(from, firstSequence)
        while sequence < nextSequence, result.count < count {
            if let observation = storage[Int(sequence % UInt64(capacity))], include(observation) {
                result.append(observation)
            }
            sequence += 1
        }
        return (result, sequence)
    }
}
