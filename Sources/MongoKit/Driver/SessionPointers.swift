internal import CBSON
internal import CMongoC

/// The libmongoc client a session pinned and the session itself. libmongoc requires that
/// every operation in a session runs on the client that started it.
///
/// `@unchecked Sendable` is sound because libmongoc lets a `mongoc_client_t` and its
/// sessions move between threads as long as one thread uses them at a time. A value is
/// created on a blocking thread, handed once to ``MongoSession``, and from then on lives
/// only inside that session's `Mutex`: every use happens under the lock, which gives both
/// the one-thread-at-a-time guarantee and the memory ordering between threads.
struct SessionPointers: @unchecked Sendable {
    let client: OpaquePointer
    let session: OpaquePointer

    /// Starts a session on a client popped from `pool`; returns the client on failure.
    static func start(in pool: ClientPool, causalConsistency: Bool) throws -> SessionPointers {
        let client = pool.pop()
        do {
            let options = mongoc_session_opts_new()
            defer { mongoc_session_opts_destroy(options) }
            mongoc_session_opts_set_causal_consistency(options, causalConsistency)
            var error = bson_error_t()
            guard let session = mongoc_client_start_session(client, options, &error) else {
                throw LibMongoC.error(error)
            }
            return SessionPointers(client: client, session: session)
        } catch {
            pool.push(client)
            throw error
        }
    }

    func end(in pool: ClientPool) {
        mongoc_client_session_destroy(session)
        pool.push(client)
    }

    var inTransaction: Bool {
        mongoc_client_session_in_transaction(session)
    }

    func startTransaction() throws {
        var error = bson_error_t()
        guard mongoc_client_session_start_transaction(session, nil, &error) else {
            throw LibMongoC.error(error)
        }
    }

    func commitTransaction() throws {
        _ = try LibMongoC.check { error, reply in
            mongoc_client_session_commit_transaction(session, reply, error)
        }
    }

    func abortTransaction() throws {
        var error = bson_error_t()
        guard mongoc_client_session_abort_transaction(session, &error) else {
            throw LibMongoC.error(error)
        }
    }
}
