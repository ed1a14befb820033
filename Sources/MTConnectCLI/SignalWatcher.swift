import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT and SIGTERM into an awaitable event, so Ctrl-C (or `kill`) ends a
/// long-running command cleanly, with status 0, after it closed its connections instead of
/// being killed mid-write.
///
/// The signals are handled from the moment the watcher is made, also when the shell started
/// the command with them ignored (a background job): one that arrives before anyone waits is
/// kept, not lost or fatal.
final class SignalWatcher: Sendable {
    private let interrupts: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    private let sources: Mutex<[any DispatchSourceSignal]>

    init() {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        interrupts = stream
        self.continuation = continuation
        sources = Mutex([SIGINT, SIGTERM].map { signalNumber in
            // Dispatch sees the signal only once its default action (ending the process) is off.
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        })
    }

    /// Returns at the first SIGINT or SIGTERM, or when the task is cancelled.
    func waitForInterrupt() async {
        await withTaskCancellationHandler {
            for await _ in interrupts { break }
        } onCancel: {
            continuation.finish()
        }
    }

    deinit {
        sources.withLock { $0.forEach { $0.cancel() } }
    }
}
