import Foundation
import SQLiteNIO

/// A machine row: identity, tenant, the consumer's external id and the source as JSON text.
struct MachineRecord: Sendable, Equatable {
    var id: String
    var tenantId: String
    var externalId: String
    var name: String
    /// The `MachineSource` document as the API received it, re-encoded.
    var sourceJSON: String
    var createdAt: Int
    var updatedAt: Int

    init(id: String, tenantId: String, externalId: String, name: String, sourceJSON: String, createdAt: Int, updatedAt: Int) {
        self.id = id
        self.tenantId = tenantId
        self.externalId = externalId
        self.name = name
        self.sourceJSON = sourceJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(row: SQLiteRow) throws {
        guard let id = row.column("id")?.string,
              let tenantId = row.column("tenant_id")?.string,
              let externalId = row.column("external_id")?.string,
              let name = row.column("name")?.string,
              let source = row.column("source")?.string,
              let createdAt = row.column("created_at")?.integer,
              let updatedAt = row.column("updated_at")?.integer
        else {
            throw ReferenceServerError.storage("A machines row is incomplete: \(row)")
        }
        self.init(
            id: id, tenantId: tenantId, externalId: externalId, name: name, sourceJSON: source,
            createdAt: Int(createdAt), updatedAt: Int(updatedAt)
        )
    }

    static let columns = "id, tenant_id, external_id, name, source, created_at, updated_at"
}
