import Synchronization

/// A counter shared by request tasks (escaping closures cannot capture an `Atomic` itself).
final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds one and returns the value before.
    func increment() -> Int {
        value.add(1, ordering: .relaxed).oldValue
    }

    func decrement() {
        value.subtract(1, ordering: .relaxed)
    }
}
