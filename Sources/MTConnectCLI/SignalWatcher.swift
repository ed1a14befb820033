import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into an awaitable event, so Ctrl-C cancels the follower and the
/// command exits after closing its connection instead of being killed mid-write.
struct SignalWatcher: Sendable {
    func waitForInterrupt() async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        await withTaskCancellationHandler {
            for await _ in stream { break }
        } onCancel: {
            continuation.finish()
        }
        sources.forEach { $0.cancel() }
    }
}
