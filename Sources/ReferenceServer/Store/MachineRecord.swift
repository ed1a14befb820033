import Foundation

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
}
