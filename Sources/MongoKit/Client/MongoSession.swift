import Synchronization

/// A logical session: causally consistent reads and, with
/// ``withTransaction(timeout:isolation:_:)``, multi-document transactions.
///
/// Sessions come from ``MongoClient/withSession(causalConsistency:isolation:_:)`` and end
/// when its body returns. Pass the session to collection operations to run them in it.
/// A session is used by one task at a time; concurrent operations on it are serialized.
public final class MongoSession: Sendable {
    /// The client that started the session.
    public let client: MongoClient
    private let pointers: Mutex<SessionPointers?>

    init(client: MongoClient, pointers: SessionPointers) {
        self.client = client
        self.pointers = Mutex(pointers)
    }

    /// Called on a blocking thread. The lock is held for the whole call so that two tasks
    /// sharing a session never use its libmongoc client at once.
    func withPointers<Result>(_ body: (SessionPointers) throws -> Result) throws -> Result {
        try pointers.withLock { pointers in
            guard let pointers else {
                throw MongoError(kind: .transaction, message: "the session has ended; use it only inside withSession's body")
            }
            return try body(pointers)
        }
    }

    func end(in pool: ClientPool) {
        pointers.withLock { pointers in
            if let current = pointers {
                if current.inTransaction {
                    try? current.abortTransaction()
                }
                current.end(in: pool)
            }
            pointers = nil
        }
    }

    /// Whether a transaction is in progress.
    public var inTransaction: Bool {
        get async throws {
            try await client.runBlocking { try self.withPointers { $0.inTransaction } }
        }
    }

    /// Starts a transaction; prefer ``withTransaction(timeout:isolation:_:)``, which also
    /// commits, aborts and retries.
    public func startTransaction() async throws {
        try await client.runBlocking { try self.withPointers { try $0.startTransaction() } }
    }

    /// Commits the transaction in progress.
    public func commitTransaction() async throws {
        try await client.runBlocking { try self.withPointers { try $0.commitTransaction() } }
    }

    /// Aborts the transaction in progress; its writes are discarded.
    public func abortTransaction() async throws {
        try await client.runBlocking { try self.withPointers { try $0.abortTransaction() } }
    }
}
