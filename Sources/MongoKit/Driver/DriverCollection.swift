internal import CBSON
internal import CMongoC

/// One collection on one libmongoc client, for the duration of one blocking call. Every
/// method runs on a MongoKit blocking thread.
struct DriverCollection {
    let client: OpaquePointer
    let session: OpaquePointer?
    let database: String
    let name: String

    private func withCollection<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        guard let collection = mongoc_client_get_collection(client, database, name) else {
            throw MongoError(kind: .invalidArgument, message: "libmongoc could not open \(database).\(name)")
        }
        defer { mongoc_collection_destroy(collection) }
        return try body(collection)
    }

    /// Builds the options document with the session appended.
    private func withOptions<Result>(_ options: BSONDocument, _ body: (OpaquePointer) throws -> Result) throws -> Result {
        try LibBSON.withBSON(options) { bson in
            try LibMongoC.appendSession(session, to: bson)
            return try body(bson)
        }
    }

    func insertOne(_ document: BSONDocument, options: BSONDocument) throws -> BSONDocument {
        try withCollection { collection in
            try LibBSON.withBSON(document) { document in
                try withOptions(options) { options in
                    try LibMongoC.check { error, reply in
                        mongoc_collection_insert_one(collection, document, options, reply, error)
                    }
                }
            }
        }
    }

    func insertMany(_ documents: [BSONDocument], options: BSONDocument) throws -> BSONDocument {
        try withCollection { collection in
            var pointers: [OpaquePointer?] = []
            pointers.reserveCapacity(documents.count)
            defer { pointers.forEach { bson_destroy($0) } }
            for document in documents {
                guard let bson = bson_new() else {
                    throw MongoError(kind: .driver, message: "libbson could not allocate a document")
                }
                pointers.append(bson)
                try LibBSON.withBSON(document) { _ = bson_concat(bson, $0) }
            }
            return try withOptions(options) { options in
                try pointers.withUnsafeMutableBufferPointer { buffer in
                    try LibMongoC.check { error, reply in
                        mongoc_collection_insert_many(collection, buffer.baseAddress, buffer.count, options, reply, error)
                    }
                }
            }
        }
    }

    func find(_ filter: BSONDocument, options: BSONDocument) throws -> [BSONDocument] {
        try withCollection { collection in
            try LibBSON.withBSON(filter) { filter in
                try withOptions(options) { options in
                    guard let cursor = mongoc_collection_find_with_opts(collection, filter, options, nil) else {
                        throw MongoError(kind: .driver, message: "libmongoc returned no cursor for find on \(database).\(name)")
                    }
                    return try drain(cursor)
                }
            }
        }
    }

    func aggregate(_ pipeline: [BSON], options: BSONDocument) throws -> [BSONDocument] {
        try withCollection { collection in
            try LibBSON.withBSON(["pipeline": .array(pipeline)]) { pipeline in
                try withOptions(options) { options in
                    guard let cursor = mongoc_collection_aggregate(collection, MONGOC_QUERY_NONE, pipeline, options, nil) else {
                        throw MongoError(kind: .driver, message: "libmongoc returned no cursor for aggregate on \(database).\(name)")
                    }
                    return try drain(cursor)
                }
            }
        }
    }

    private func drain(_ cursor: OpaquePointer) throws -> [BSONDocument] {
        defer { mongoc_cursor_destroy(cursor) }
        var documents: [BSONDocument] = []
        var current: OpaquePointer?
        while mongoc_cursor_next(cursor, &current) {
            if let current {
                documents.append(try LibBSON.document(from: current))
            }
        }
        var error = bson_error_t()
        var reply: OpaquePointer?
        if mongoc_cursor_error_document(cursor, &error, &reply) {
            throw LibMongoC.error(error, reply: reply)
        }
        return documents
    }

    func findOneAndModify(
        filter: BSONDocument,
        update: BSONDocument?,
        remove: Bool,
        sort: BSONDocument?,
        projection: BSONDocument?,
        upsert: Bool,
        returnNew: Bool
    ) throws -> BSONDocument? {
        try withCollection { collection in
            guard let options = mongoc_find_and_modify_opts_new() else {
                throw MongoError(kind: .driver, message: "libmongoc could not allocate findAndModify options")
            }
            defer { mongoc_find_and_modify_opts_destroy(options) }
            var flags = MONGOC_FIND_AND_MODIFY_NONE.rawValue
            if remove { flags |= MONGOC_FIND_AND_MODIFY_REMOVE.rawValue }
            if upsert { flags |= MONGOC_FIND_AND_MODIFY_UPSERT.rawValue }
            if returnNew { flags |= MONGOC_FIND_AND_MODIFY_RETURN_NEW.rawValue }
            mongoc_find_and_modify_opts_set_flags(options, mongoc_find_and_modify_flags_t(flags))
            try LibBSON.withOptionalBSON(update) { update in
                if let update { _ = mongoc_find_and_modify_opts_set_update(options, update) }
            }
            try LibBSON.withOptionalBSON(sort) { sort in
                if let sort { _ = mongoc_find_and_modify_opts_set_sort(options, sort) }
            }
            try LibBSON.withOptionalBSON(projection) { projection in
                if let projection { _ = mongoc_find_and_modify_opts_set_fields(options, projection) }
            }
            try withOptions([:]) { extra in
                _ = mongoc_find_and_modify_opts_append(options, extra)
            }
            let reply = try LibBSON.withBSON(filter) { filter in
                try LibMongoC.check { error, reply in
                    mongoc_collection_find_and_modify_with_opts(collection, filter, options, reply, error)
                }
            }
            return reply["value"]?.documentValue
        }
    }

    func update(_ filter: BSONDocument, _ update: BSONDocument, many: Bool, options: BSONDocument) throws -> BSONDocument {
        try withCollection { collection in
            try LibBSON.withBSON(filter) { filter in
                try LibBSON.withBSON(update) { update in
                    try withOptions(options) { options in
                        try LibMongoC.check { error, reply in
                            many
                                ? mongoc_collection_update_many(collection, filter, update, options, reply, error)
                                : mongoc_collection_update_one(collection, filter, update, options, reply, error)
                        }
                    }
                }
            }
        }
    }

    func delete(_ filter: BSONDocument, many: Bool, options: BSONDocument) throws -> BSONDocument {
        try withCollection { collection in
            try LibBSON.withBSON(filter) { filter in
                try withOptions(options) { options in
                    try LibMongoC.check { error, reply in
                        many
                            ? mongoc_collection_delete_many(collection, filter, options, reply, error)
                            : mongoc_collection_delete_one(collection, filter, options, reply, error)
                    }
                }
            }
        }
    }

    func countDocuments(_ filter: BSONDocument, options: BSONDocument) throws -> Int64 {
        try withCollection { collection in
            try LibBSON.withBSON(filter) { filter in
                try withOptions(options) { options in
                    var error = bson_error_t()
                    return try LibBSON.withReply { reply in
                        let count = mongoc_collection_count_documents(collection, filter, options, nil, reply, &error)
                        guard count >= 0 else { throw LibMongoC.error(error, reply: reply) }
                        return count
                    }
                }
            }
        }
    }
}

/// Database-level commands on one libmongoc client.
struct DriverDatabase {
    let client: OpaquePointer
    let session: OpaquePointer?
    let name: String

    func runCommand(_ command: BSONDocument) throws -> BSONDocument {
        try LibBSON.withBSON(command) { command in
            try LibBSON.withBSON([:]) { options in
                try LibMongoC.appendSession(session, to: options)
                return try LibMongoC.check { error, reply in
                    mongoc_client_command_with_opts(client, name, command, nil, options, reply, error)
                }
            }
        }
    }
}
