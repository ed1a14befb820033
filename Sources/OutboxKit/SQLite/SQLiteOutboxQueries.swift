/// The longer SQL statements of ``SQLiteOutboxStore``.
enum SQLiteOutboxQueries {
    /// Parameters: 1 lease owner, 2 lease expiry (ms), 3 now (ms), 4 limit. One statement, so the
    /// selection and the lease are atomic under SQLite's write lock, across processes too.
    static func claim(heldBack: String) -> String {
        """
        UPDATE outbox_events
        SET status = 'in_flight', lease_owner = ?1, lease_expires_ms = ?2, attempts = attempts + 1
        WHERE id IN (
            SELECT e.id FROM outbox_events AS e
            WHERE e.status IN ('pending', 'in_flight')
              AND ((e.status = 'pending' AND e.next_attempt_ms <= ?3)
                OR (e.status = 'in_flight' AND e.lease_expires_ms <= ?3))
              \(heldBack)
            ORDER BY e.id
            LIMIT ?4
        )
        RETURNING \(SQLiteOutboxRow.columns)
        """
    }

    /// An event waits while an older unsent event of its key is not claimable itself (backing
    /// off, or leased to a live relay).
    static let notHeldBack = """
        AND NOT EXISTS (
            SELECT 1 FROM outbox_events AS p
            WHERE p.status IN ('pending', 'in_flight')
              AND p.partition_key = e.partition_key
              AND p.id < e.id
              AND ((p.status = 'pending' AND p.next_attempt_ms > ?3)
                OR (p.status = 'in_flight' AND p.lease_expires_ms > ?3))
        )
        """

    static let stats = """
        SELECT status, COUNT(*) AS count, MIN(time_ms) AS oldest FROM outbox_events GROUP BY status
        """
}
