import Dispatch

/// Runs `body` on the concurrency pool and waits for it: libFuzzer calls a synchronous
/// function, the code under test is async. Never call it from a task.
public func blocking<Value: Sendable>(_ body: @escaping @Sendable () async -> Value) -> Value {
    let done = DispatchSemaphore(value: 0)
    let result = ResultBox<Value>()
    Task {
        result.value = await body()
        done.signal()
    }
    done.wait()
    return result.value!
}

/// Written by the one task before the semaphore is signalled and read only after the wait,
/// so the semaphore orders every access.
private final class ResultBox<Value>: @unchecked Sendable {
    var value: Value?
}
