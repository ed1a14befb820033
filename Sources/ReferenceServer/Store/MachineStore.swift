/// Machines; every call but ``all()`` is scoped to one tenant.
protocol MachineStore: Sendable {
    /// Stores a new machine with empty derived state, unless its tenant already has its external id.
    func create(_ record: MachineRecord) async throws -> MachineWriteOutcome

    /// Applies `change` to the stored machine, unless the new external id is taken.
    func update(
        id: String, tenantId: String, change: @escaping @Sendable (inout MachineRecord) -> Void
    ) async throws -> MachineWriteOutcome

    /// Deletes the machine, its derived state and its telemetry. Returns whether it existed.
    func delete(id: String, tenantId: String) async throws -> Bool

    func machine(id: String, tenantId: String) async throws -> MachineRecord?

    /// The machine with this external id (unique per tenant).
    func machine(externalId: String, tenantId: String) async throws -> MachineRecord?

    /// Resolves a reference: the UUID first, then the external id.
    func machine(reference: String, tenantId: String) async throws -> MachineRecord?

    /// Every machine of every tenant (for starting machine sources).
    func all() async throws -> [MachineRecord]

    /// A page ordered by (createdAt, id), starting after `after`.
    func list(tenantId: String, limit: Int, after: PageCursor?) async throws -> [MachineRecord]
}

enum MachineWriteOutcome: Sendable, Equatable {
    case written(MachineRecord)
    case duplicateExternalId
    case notFound
}
