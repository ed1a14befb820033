import Synchronization

/// State shared by the public simulator object and its server threads, behind one lock.
final class SimulatorCore: Sendable {
    struct State: Sendable {
        var model: DeviceModel
        var faults = SimulatorFaults()
        var statistics = SimulatorStatistics()
        var stopped = false
    }

    /// What a connection thread should do with one request, decided under the lock.
    struct Plan {
        var exceptionCode: UInt8?
        var delay: Duration?
        var closeAfterReply: Bool
    }

    let state: Mutex<State>

    init(countersRunning: Bool) {
        state = Mutex(State(model: DeviceModel(countersRunning: countersRunning)))
    }

    var isStopped: Bool {
        state.withLock { $0.stopped }
    }

    var idleTimeout: Duration? {
        state.withLock { $0.faults.idleTimeout }
    }

    func connectionAccepted() {
        state.withLock { $0.statistics.connectionsAccepted += 1 }
    }

    func connectionDropped() {
        state.withLock { $0.statistics.connectionsDropped += 1 }
    }

    /// Counts the request and applies the fault knobs.
    func plan(_ request: RequestFrame, requestsOnConnection: Int) -> Plan {
        state.withLock { state in
            state.statistics.requests += 1
            var plan = Plan(closeAfterReply: false)
            if let limit = state.faults.closeAfterRequests, requestsOnConnection >= limit {
                plan.closeAfterReply = true
                // Counted before the reply goes out, so a client that saw the reply sees the drop.
                state.statistics.connectionsDropped += 1
            }
            if let delay = state.faults.replyDelay {
                if let remaining = state.faults.delayedReplyLimit {
                    if remaining > 0 {
                        plan.delay = delay
                        state.faults.delayedReplyLimit = remaining - 1
                    }
                } else {
                    plan.delay = delay
                }
                if plan.delay != nil {
                    state.statistics.delayedReplies += 1
                }
            }
            if let code = state.faults.exceptionCode {
                plan.exceptionCode = code
            } else if let coils = request.writtenCoils, !coils.allSatisfy(DeviceModel.isWritableCoil) {
                plan.exceptionCode = 0x02
            }
            if plan.exceptionCode != nil {
                state.statistics.exceptionsSent += 1
            }
            return plan
        }
    }

    /// Runs `body` on the model under the lock. Connection threads also send the reply to a
    /// request inside `body`, so whoever reads the model after seeing the reply sees its writes.
    func apply<Result>(_ body: (inout DeviceModel) -> Result) -> Result {
        state.withLock { body(&$0.model) }
    }
}
