import Logging

extension MongoSession {
    /// Runs `body` in a multi-document transaction and commits it.
    ///
    /// Follows the MongoDB drivers' convenient-transaction rules: if `body` or the commit
    /// fails with the ``MongoError/transientTransactionLabel`` label the whole transaction
    /// is run again; if the commit fails with ``MongoError/unknownCommitResultLabel`` only
    /// the commit is retried; both until `timeout` has passed since the start. Any other
    /// error aborts the transaction and is rethrown, so `body` must be safe to run more
    /// than once. Transactions need a replica set or a sharded cluster.
    public func withTransaction<Result>(
        timeout: Duration = .seconds(120),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (MongoSession) async throws -> Result
    ) async throws -> Result {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var attempt = 0
        while true {
            attempt += 1
            try await startTransaction()
            let result: Result
            do {
                result = try await body(self)
            } catch {
                if (try? await inTransaction) == true {
                    try? await abortTransaction()
                }
                if let mongo = error as? MongoError, mongo.hasLabel(MongoError.transientTransactionLabel), clock.now < deadline {
                    client.logger.debug("retrying transaction after a transient error", metadata: ["attempt": "\(attempt)", "error": "\(mongo)"])
                    try await Self.backOff(attempt: attempt)
                    continue
                }
                throw error
            }
            if try await commit(until: deadline, clock: clock) {
                return result
            }
            client.logger.debug("retrying transaction after a transient commit error", metadata: ["attempt": "\(attempt)"])
            try await Self.backOff(attempt: attempt)
        }
    }

    /// A write conflict means another transaction holds the same documents; retrying at
    /// once would only conflict again until it commits. Waits a jittered 1–100 ms, growing
    /// with the attempt.
    private static func backOff(attempt: Int) async throws {
        let ceiling = min(100, 1 << min(attempt, 7))
        try await Task.sleep(for: .milliseconds(Int.random(in: 1...ceiling)))
    }

    /// Commits, retrying an unknown commit result. Returns `false` when the transaction as a
    /// whole should be retried.
    private func commit(until deadline: ContinuousClock.Instant, clock: ContinuousClock) async throws -> Bool {
        while true {
            do {
                try await commitTransaction()
                return true
            } catch let error as MongoError {
                // A commit that timed out on the server (MaxTimeMSExpired, code 50) must not be retried blindly.
                if error.hasLabel(MongoError.unknownCommitResultLabel), error.code != 50, clock.now < deadline {
                    continue
                }
                if error.hasLabel(MongoError.transientTransactionLabel), clock.now < deadline {
                    return false
                }
                throw error
            }
        }
    }
}
