import Synchronization

/// Keeps statements off a connection that is closing.
///
/// sqlite-nio prepares statements on whatever handle the connection holds, and a closed
/// handle is a null pointer, so the store must never start a statement after `close()`
/// begins, and `close()` must wait for statements already started.
final class ConnectionGuard: Sendable {
    private struct State {
        var closed = false
        var active = 0
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Marks a statement as started, unless the connection is closing.
    func enter() -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.active += 1
            return true
        }
    }

    func leave() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.active -= 1
            guard state.closed, state.active == 0 else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        waiters.forEach { $0.resume() }
    }

    /// Refuses new statements and waits until the started ones finish.
    ///
    /// - Returns: `false` if the guard was already closed.
    func close() async -> Bool {
        let first = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                if state.active == 0 { return true }
                state.drained.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
        return first
    }
}
