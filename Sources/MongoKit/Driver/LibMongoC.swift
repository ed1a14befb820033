internal import CBSON
internal import CMongoC

/// Process-wide libmongoc setup and error translation.
enum LibMongoC {
    /// `mongoc_init` must run once per process before any other call; a global `let` is
    /// initialised exactly once, on first use, by the Swift runtime.
    static let initialized: Void = {
        mongoc_init()
        mtc_mongoc_install_log_handler()
    }()

    /// The version of libmongoc the process is linked against.
    static var version: String {
        String(cString: mongoc_get_version())
    }

    static func error(_ error: bson_error_t, reply: OpaquePointer? = nil) -> MongoError {
        let message = withUnsafeBytes(of: error.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let replyDocument = reply.flatMap { try? LibBSON.document(from: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        let labels = Set(replyDocument?["errorLabels"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        return MongoError(
            kind: kind(domain: error.domain, code: error.code),
            domain: error.domain,
            code: error.code,
            message: message,
            errorLabels: labels,
            reply: replyDocument
        )
    }

    static func kind(domain: UInt32, code: UInt32) -> MongoError.Kind {
        let duplicateKeyCodes: Set<UInt32> = [11000, 11001, 12582]
        switch domain {
        case MONGOC_ERROR_SERVER_SELECTION.rawValue:
            return .serverSelection
        case MONGOC_ERROR_STREAM.rawValue:
            return .connection
        case MONGOC_ERROR_SERVER.rawValue, MONGOC_ERROR_QUERY.rawValue, MONGOC_ERROR_COLLECTION.rawValue:
            return duplicateKeyCodes.contains(code) ? .duplicateKey : .server
        case MONGOC_ERROR_WRITE_CONCERN.rawValue:
            return .writeConcern
        case MONGOC_ERROR_TRANSACTION.rawValue:
            return .transaction
        case MONGOC_ERROR_COMMAND.rawValue:
            return code == MONGOC_ERROR_COMMAND_INVALID_ARG.rawValue ? .invalidArgument : .server
        case MONGOC_ERROR_BSON.rawValue:
            return .invalidArgument
        case MONGOC_ERROR_CLIENT.rawValue:
            return code == MONGOC_ERROR_CLIENT_SESSION_FAILURE.rawValue ? .transaction : .driver
        default:
            return .driver
        }
    }

    /// Runs a libmongoc call that reports failure through `bson_error_t` and a reply.
    static func check(_ body: (UnsafeMutablePointer<bson_error_t>, OpaquePointer) -> Bool) throws -> BSONDocument {
        var error = bson_error_t()
        return try LibBSON.withReply { reply in
            guard body(&error, reply) else {
                throw Self.error(error, reply: reply)
            }
            return try LibBSON.document(from: reply)
        }
    }

    /// Appends the session's id to an options document, as libmongoc requires for every
    /// operation that belongs to a session.
    static func appendSession(_ session: OpaquePointer?, to options: OpaquePointer) throws {
        guard let session else { return }
        var error = bson_error_t()
        guard mongoc_client_session_append(session, options, &error) else {
            throw Self.error(error)
        }
    }
}
