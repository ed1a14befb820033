/// A handle on one database of a ``MongoClient``.
public struct MongoDatabase: Sendable {
    /// The client the database belongs to.
    public let client: MongoClient
    /// The database name.
    public let name: String

    /// A handle on the collection `name` in this database.
    public func collection(_ name: String) -> MongoCollection {
        MongoCollection(client: client, databaseName: self.name, name: name)
    }

    /// Runs a database command (the command name must be the first key) and returns the
    /// server's reply.
    /// - Throws: ``MongoError`` when the server answers `ok: 0` or cannot be reached.
    @discardableResult
    public func runCommand(_ command: BSONDocument, session: MongoSession? = nil) async throws -> BSONDocument {
        let name = self.name
        return try await client.execute(session: session) { client, session in
            try DriverDatabase(client: client, session: session, name: name).runCommand(command)
        }
    }
}
