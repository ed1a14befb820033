/// Options for ``MongoCollection/find(_:options:session:)``.
public struct MongoFindOptions: Sendable, Hashable {
    /// The sort order, e.g. `["time": 1]`.
    public var sort: BSONDocument?
    /// The most documents to return; `nil` for no limit.
    public var limit: Int?
    /// The number of matching documents to skip.
    public var skip: Int?
    /// The fields to return, e.g. `["payload": 0]`.
    public var projection: BSONDocument?

    public init(sort: BSONDocument? = nil, limit: Int? = nil, skip: Int? = nil, projection: BSONDocument? = nil) {
        self.sort = sort
        self.limit = limit
        self.skip = skip
        self.projection = projection
    }

    /// The options as libmongoc's `find` options document.
    public var document: BSONDocument {
        var document = BSONDocument()
        if let sort { document["sort"] = .document(sort) }
        if let limit { document["limit"] = .int64(Int64(limit)) }
        if let skip { document["skip"] = .int64(Int64(skip)) }
        if let projection { document["projection"] = .document(projection) }
        return document
    }
}

/// Options for ``MongoCollection/findOneAndUpdate(filter:update:options:session:)``.
public struct MongoFindOneAndUpdateOptions: Sendable, Hashable {
    /// Which version of the document to return.
    public enum ReturnDocument: Sendable, Hashable {
        case before, after
    }

    /// Which document to pick when several match.
    public var sort: BSONDocument?
    /// The fields to return.
    public var projection: BSONDocument?
    /// Insert a document when none matches.
    public var upsert: Bool
    /// Return the document as it was before or after the update.
    public var returnDocument: ReturnDocument

    public init(sort: BSONDocument? = nil, projection: BSONDocument? = nil, upsert: Bool = false, returnDocument: ReturnDocument = .after) {
        self.sort = sort
        self.projection = projection
        self.upsert = upsert
        self.returnDocument = returnDocument
    }
}

/// The outcome of an update.
public struct MongoUpdateResult: Sendable, Hashable {
    /// Documents that matched the filter.
    public let matchedCount: Int
    /// Documents actually changed.
    public let modifiedCount: Int
    /// The `_id` of an upserted document.
    public let upsertedId: BSON?

    init(reply: BSONDocument) {
        matchedCount = Int(reply["matchedCount"]?.int64Value ?? 0)
        modifiedCount = Int(reply["modifiedCount"]?.int64Value ?? 0)
        upsertedId = reply["upsertedId"]
    }
}

/// An index to create with ``MongoCollection/createIndexes(_:session:)``.
public struct MongoIndex: Sendable, Hashable {
    /// The indexed fields in order with their direction (`1`, `-1`).
    public var keys: BSONDocument
    /// The index name; the server's conventional name must be unique per collection.
    public var name: String
    /// Reject documents that duplicate the indexed values.
    public var unique: Bool
    /// Index only documents matching this filter.
    public var partialFilterExpression: BSONDocument?
    /// Delete documents this many seconds after the indexed date (a TTL index).
    public var expireAfterSeconds: Int?

    public init(
        keys: BSONDocument,
        name: String,
        unique: Bool = false,
        partialFilterExpression: BSONDocument? = nil,
        expireAfterSeconds: Int? = nil
    ) {
        self.keys = keys
        self.name = name
        self.unique = unique
        self.partialFilterExpression = partialFilterExpression
        self.expireAfterSeconds = expireAfterSeconds
    }

    /// The index specification as the `createIndexes` command expects it.
    public var document: BSONDocument {
        var document: BSONDocument = ["key": .document(keys), "name": .string(name)]
        if unique { document["unique"] = true }
        if let partialFilterExpression { document["partialFilterExpression"] = .document(partialFilterExpression) }
        if let expireAfterSeconds { document["expireAfterSeconds"] = .int64(Int64(expireAfterSeconds)) }
        return document
    }

    /// The `createIndexes` command for `indexes` on `collection`.
    public static func createIndexesCommand(collection: String, indexes: [MongoIndex]) -> BSONDocument {
        ["createIndexes": .string(collection), "indexes": .array(indexes.map { .document($0.document) })]
    }
}
