import GRDB

extension SQLiteOutboxStore {
    /// Registers the outbox's migrations (identifiers starting with `outbox-`) in the
    /// application's migrator, so that one `migrator.migrate(pool)` creates every table.
    ///
    /// The first migration also adopts a file that an earlier, sqlite-nio based version of the
    /// store created: it creates only what is missing and keeps the rows.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(SQLiteOutboxSchema.firstMigration) { db in
            for statement in SQLiteOutboxSchema.statements {
                try db.execute(sql: statement)
            }
        }
    }

    /// Runs the outbox's migrations on `writer` alone, for an application that keeps its own
    /// schema some other way. Idempotent; it blocks while it runs, so call it at startup.
    ///
    /// - Throws: ``OutboxError/Code/storeFailure`` when the database rejects the schema.
    public static func migrate(_ writer: any DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        do {
            try migrator.migrate(writer)
        } catch {
            throw OutboxError.storeFailure("create the outbox tables", error)
        }
    }
}
