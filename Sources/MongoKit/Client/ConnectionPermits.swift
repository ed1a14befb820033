import Synchronization

/// Limits the connections checked out of libmongoc's pool to its size, waiting
/// asynchronously for one to come back.
///
/// Without it, a call would block a blocking thread inside `mongoc_client_pool_pop` while
/// every connection is pinned by open sessions, and with all threads blocked those sessions
/// could never run the operations that end them.
final class ConnectionPermits: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(available: max(1, count)))
    }

    func acquire() async {
        let acquired = state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let granted = state.withLock { state in
                // A permit may have come back between the two locks.
                guard state.available > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.available -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            // The permit passes straight to the longest waiter.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
