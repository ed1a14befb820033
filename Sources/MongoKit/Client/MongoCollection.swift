/// A handle on one collection. Every operation takes an optional ``MongoSession``; pass
/// the session of a transaction to make the operation part of it.
///
/// Operations throw ``MongoError`` for server and connection failures and ``BSONError``
/// when a document cannot be encoded.
public struct MongoCollection: Sendable {
    /// The client the collection belongs to.
    public let client: MongoClient
    /// The database name.
    public let databaseName: String
    /// The collection name.
    public let name: String

    private func driver<Result: Sendable>(
        _ session: MongoSession?,
        _ body: @escaping @Sendable (DriverCollection) throws -> Result
    ) async throws -> Result {
        let database = databaseName
        let name = self.name
        return try await client.execute(session: session) { client, session in
            try body(DriverCollection(client: client, session: session, database: database, name: name))
        }
    }

    /// Inserts one document. Give it an `_id`; the server adds an ObjectId otherwise.
    public func insertOne(_ document: BSONDocument, session: MongoSession? = nil) async throws {
        _ = try await driver(session) { try $0.insertOne(document, options: [:]) }
    }

    /// Inserts documents in order, stopping at the first failure.
    /// - Returns: The number of documents inserted.
    @discardableResult
    public func insertMany(_ documents: [BSONDocument], session: MongoSession? = nil) async throws -> Int {
        guard !documents.isEmpty else { return 0 }
        let reply = try await driver(session) { try $0.insertMany(documents, options: ["ordered": true]) }
        return Int(reply["insertedCount"]?.int64Value ?? Int64(documents.count))
    }

    /// The documents matching `filter`, all loaded into memory; bound them with
    /// `options.limit`.
    public func find(
        _ filter: BSONDocument = [:],
        options: MongoFindOptions = MongoFindOptions(),
        session: MongoSession? = nil
    ) async throws -> [BSONDocument] {
        let options = options.document
        return try await driver(session) { try $0.find(filter, options: options) }
    }

    /// The first document matching `filter` in `sort` order, if any.
    public func findOne(
        _ filter: BSONDocument,
        sort: BSONDocument? = nil,
        session: MongoSession? = nil
    ) async throws -> BSONDocument? {
        try await find(filter, options: MongoFindOptions(sort: sort, limit: 1), session: session).first
    }

    /// Atomically updates the first document matching `filter` in `options.sort` order and
    /// returns it (after the update unless `options.returnDocument` is `.before`), or `nil`
    /// when nothing matched.
    public func findOneAndUpdate(
        filter: BSONDocument,
        update: BSONDocument,
        options: MongoFindOneAndUpdateOptions = MongoFindOneAndUpdateOptions(),
        session: MongoSession? = nil
    ) async throws -> BSONDocument? {
        try await driver(session) { collection in
            try collection.findOneAndModify(
                filter: filter,
                update: update,
                remove: false,
                sort: options.sort,
                projection: options.projection,
                upsert: options.upsert,
                returnNew: options.returnDocument == .after
            )
        }
    }

    /// Updates the first document matching `filter`.
    @discardableResult
    public func updateOne(
        filter: BSONDocument,
        update: BSONDocument,
        upsert: Bool = false,
        session: MongoSession? = nil
    ) async throws -> MongoUpdateResult {
        let reply = try await driver(session) { try $0.update(filter, update, many: false, options: ["upsert": .bool(upsert)]) }
        return MongoUpdateResult(reply: reply)
    }

    /// Updates every document matching `filter`.
    @discardableResult
    public func updateMany(
        filter: BSONDocument,
        update: BSONDocument,
        upsert: Bool = false,
        session: MongoSession? = nil
    ) async throws -> MongoUpdateResult {
        let reply = try await driver(session) { try $0.update(filter, update, many: true, options: ["upsert": .bool(upsert)]) }
        return MongoUpdateResult(reply: reply)
    }

    /// Deletes the first document matching `filter`.
    /// - Returns: The number of documents deleted (0 or 1).
    @discardableResult
    public func deleteOne(_ filter: BSONDocument, session: MongoSession? = nil) async throws -> Int {
        let reply = try await driver(session) { try $0.delete(filter, many: false, options: [:]) }
        return Int(reply["deletedCount"]?.int64Value ?? 0)
    }

    /// Deletes every document matching `filter`.
    /// - Returns: The number of documents deleted.
    @discardableResult
    public func deleteMany(_ filter: BSONDocument, session: MongoSession? = nil) async throws -> Int {
        let reply = try await driver(session) { try $0.delete(filter, many: true, options: [:]) }
        return Int(reply["deletedCount"]?.int64Value ?? 0)
    }

    /// The number of documents matching `filter`.
    public func countDocuments(_ filter: BSONDocument = [:], session: MongoSession? = nil) async throws -> Int {
        Int(try await driver(session) { try $0.countDocuments(filter, options: [:]) })
    }

    /// Runs an aggregation pipeline and returns every result document.
    public func aggregate(_ pipeline: [BSONDocument], session: MongoSession? = nil) async throws -> [BSONDocument] {
        let stages = pipeline.map { BSON.document($0) }
        return try await driver(session) { try $0.aggregate(stages, options: [:]) }
    }

    /// Creates indexes (an existing index with the same name and keys is left alone).
    public func createIndexes(_ indexes: [MongoIndex], session: MongoSession? = nil) async throws {
        try await MongoDatabase(client: client, name: databaseName)
            .runCommand(MongoIndex.createIndexesCommand(collection: name, indexes: indexes), session: session)
    }

    /// Drops the collection; dropping a collection that does not exist is not an error.
    public func drop(session: MongoSession? = nil) async throws {
        do {
            try await MongoDatabase(client: client, name: databaseName).runCommand(["drop": .string(name)], session: session)
        } catch let error as MongoError where error.code == 26 {
            // NamespaceNotFound: already gone.
        }
    }
}
