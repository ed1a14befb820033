internal import CBSON
internal import CMongoC

/// Owns libmongoc's client pool.
///
/// `@unchecked Sendable` is sound because libmongoc documents `mongoc_client_pool_t` as
/// thread-safe for `pop`/`push`, the pointers are immutable after `init`, and `deinit`
/// runs only when no reference — and so no popped client — remains: every pop is paired
/// with a push in ``withClient(_:)`` or in ``MongoSession``'s end.
final class ClientPool: @unchecked Sendable {
    private let uri: OpaquePointer
    private let pool: OpaquePointer

    init(configuration: MongoClientConfiguration) throws(MongoError) {
        LibMongoC.initialized
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(configuration.uri, &error) else {
            let detail = LibMongoC.error(error).message
            throw MongoError(kind: .invalidURI, message: "\(detail) — check the connection string (mongodb://host:port/?options)")
        }
        guard let pool = mongoc_client_pool_new_with_error(uri, &error) else {
            mongoc_uri_destroy(uri)
            throw LibMongoC.error(error)
        }
        self.uri = uri
        self.pool = pool
        // Version 2 reports server errors in their own domain with the server's code.
        mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        mongoc_client_pool_max_size(pool, UInt32(clamping: max(1, configuration.maxPoolSize)))
        if let appName = configuration.appName {
            _ = mongoc_client_pool_set_appname(pool, appName)
        }
    }

    deinit {
        mongoc_client_pool_destroy(pool)
        mongoc_uri_destroy(uri)
    }

    /// Pops a client. libmongoc blocks while all `maxPoolSize` clients are out; MongoClient
    /// holds a `ConnectionPermits` permit per client it pops, so that never happens.
    func pop() -> OpaquePointer {
        mongoc_client_pool_pop(pool)
    }

    func push(_ client: OpaquePointer) {
        mongoc_client_pool_push(pool, client)
    }

    func withClient<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        let client = pop()
        defer { push(client) }
        return try body(client)
    }
}
