/// Where an outbox event is in its life.
public enum OutboxEventStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting to be published (again, after a failure, once its next attempt time has come).
    case pending
    /// Claimed by a relay whose lease has not expired; an expired lease makes it claimable again.
    case inFlight = "in_flight"
    /// Delivery was confirmed; kept until the retention period purges it.
    case sent
    /// Gave up after too many attempts or a permanent error; waits for an operator to retry or purge it.
    case dead
}
