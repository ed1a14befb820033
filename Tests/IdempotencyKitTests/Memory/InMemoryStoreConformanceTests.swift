import IdempotencyKit
import IdempotencyKitConformance
import Testing

@Suite("In-memory store conformance", .timeLimit(.minutes(1)))
struct InMemoryStoreConformanceTests {
    @Test("the in-memory store keeps the store contract", arguments: IdempotencyStoreConformanceCheck.allCases)
    func keepsTheContract(_ check: IdempotencyStoreConformanceCheck) async throws {
        try await IdempotencyStoreConformance.run(check, makeStore: { InMemoryIdempotencyStore() }, clock: ManualIdempotencyClock())
    }
}
