/// The longer SQL statements of ``SQLiteOutboxStore``.
enum SQLiteOutboxQueries {
    /// Parameters: 1 lease owner, 2 lease expiry (ms), 3 now (ms), 4 limit. One statement, so the
    /// selection and the lease are atomic under SQLite's write lock, across processes too.
    /// It returns only the columns a claimed event does not already know (status and lease
    /// are the ones just set; a claimed event has not been sent).
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
        RETURNING \(SQLiteOutboxRow.claimedColumns)
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

    /// ``notHeldBack``, except that events leased to this claim's owner (parameter 1) do not hold
    /// their key back.
    static let notHeldBackByOthers = """
        AND NOT EXISTS (
            SELECT 1 FROM outbox_events AS p
            WHERE p.status IN ('pending', 'in_flight')
              AND p.partition_key = e.partition_key
              AND p.id < e.id
              AND ((p.status = 'pending' AND p.next_attempt_ms > ?3)
                OR (p.status = 'in_flight' AND p.lease_expires_ms > ?3 AND p.lease_owner IS NOT ?1))
        )
        """

    /// Settles a whole batch in one statement: the ids arrive as one JSON array parameter, so the
    /// statement text (and SQLite's work to prepare it) does not grow with the batch.
    /// Parameters: 1 sent time (ms), 2 lease owner, 3 JSON array of ids.
    static let markSent = """
        UPDATE outbox_events SET status = 'sent', sent_ms = ?1, lease_owner = NULL, lease_expires_ms = NULL
        WHERE id IN (SELECT value FROM json_each(?3)) AND status = 'in_flight' AND lease_owner = ?2
        """

    /// Parameters: 1 lease owner, 2 JSON array of ids.
    static let release = """
        UPDATE outbox_events SET status = 'pending', attempts = MAX(0, attempts - 1), lease_owner = NULL, lease_expires_ms = NULL
        WHERE id IN (SELECT value FROM json_each(?2)) AND status = 'in_flight' AND lease_owner = ?1
        """

    /// Parameters: 1 failure message, 2 id, 3 lease owner, 4 max attempts, 5 retry time (ms).
    static let markFailed = """
        UPDATE outbox_events
        SET status = CASE WHEN attempts >= ?4 THEN 'dead' ELSE 'pending' END,
            next_attempt_ms = CASE WHEN attempts >= ?4 THEN next_attempt_ms ELSE ?5 END,
            last_error = ?1, lease_owner = NULL, lease_expires_ms = NULL
        WHERE id = ?2 AND status = 'in_flight' AND lease_owner = ?3
        RETURNING status
        """

    /// Parameters: 1 failure message, 2 id, 3 lease owner.
    static let markDead = """
        UPDATE outbox_events SET status = 'dead', last_error = ?1, lease_owner = NULL, lease_expires_ms = NULL
        WHERE id = ?2 AND status = 'in_flight' AND lease_owner = ?3
        """

    static let event = "SELECT \(SQLiteOutboxRow.columns) FROM outbox_events WHERE id = ?"

    /// Parameters: 1 cursor id (or ''), 2 limit.
    static let listDead = """
        SELECT \(SQLiteOutboxRow.columns) FROM outbox_events WHERE status = 'dead' AND id > ?1 ORDER BY id LIMIT ?2
        """

    /// Parameters: 1 now (ms), 2 JSON array of ids.
    static let retryDead = """
        UPDATE outbox_events SET status = 'pending', attempts = 0, next_attempt_ms = ?1
        WHERE status = 'dead' AND id IN (SELECT value FROM json_each(?2))
        """

    /// Parameters: 1 JSON array of ids.
    static let purgeDead = """
        DELETE FROM outbox_events WHERE status = 'dead' AND id IN (SELECT value FROM json_each(?1))
        """

    /// Parameters: 1 cutoff (ms).
    static let purgeSent = "DELETE FROM outbox_events WHERE status = 'sent' AND sent_ms < ?1"

    static let stats = """
        SELECT status, COUNT(*) AS count, MIN(time_ms) AS oldest FROM outbox_events GROUP BY status
        """
}
