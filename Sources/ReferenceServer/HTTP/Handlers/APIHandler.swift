import Foundation
import MTConnectCoreAPI
import OpenAPIRuntime

/// Implements the generated `APIProtocol`: each operation checks the caller's rights, calls
/// the stores and maps rows to the contract's types. Failures are thrown as ``HTTPProblem``s.
struct APIHandler: APIProtocol {
    let components: ServerComponents

    init(components: ServerComponents) {
        self.components = components
    }

    /// The caller on `/api/v1`, checked to hold at least `role`.
    func user(atLeast role: Role) throws -> (subject: String, tenantId: String) {
        guard case .user(let subject, let held, let tenantId) = Principal.current else {
            throw HTTPProblem.unauthorized("This route needs an access token.")
        }
        guard held >= role else {
            throw HTTPProblem.forbidden("The role \(held.rawValue) may not do this; it needs \(role.rawValue).")
        }
        return (subject, tenantId)
    }

    /// A machine of the caller's tenant by UUID or external id (the UUID wins), or 404 — as on
    /// the ext routes.
    func machine(id: String, tenantId: String) async throws -> MachineRecord {
        guard (1...128).contains(id.utf8.count), let record = try await components.backend.machines.machine(reference: id, tenantId: tenantId) else {
            throw HTTPProblem.machineNotFound(id)
        }
        return record
    }
}
