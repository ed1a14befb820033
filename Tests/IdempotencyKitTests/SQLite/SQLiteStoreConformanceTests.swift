import IdempotencyKit
import IdempotencyKitConformance
import Testing

@Suite("SQLite store conformance", .timeLimit(.minutes(1)))
struct SQLiteStoreConformanceTests {
    @Test("the SQLite store keeps the store contract", arguments: IdempotencyStoreConformanceCheck.allCases)
    func keepsTheContract(_ check: IdempotencyStoreConformanceCheck) async throws {
        try await TemporarySQLiteDatabase.with { database in
            try await IdempotencyStoreConformance.run(check, makeStore: { try await database.openStore() }, clock: ManualIdempotencyClock())
        }
    }

    @Test func followsTheFailurePolicyWhenTheDatabaseIsClosed() async throws {
        try await TemporarySQLiteDatabase.with { database in
            try await IdempotencyStoreConformance.storeFailureFollowsThePolicy(
                makeStore: { try await database.openStore() },
                clock: ManualIdempotencyClock()
            ) { store in
                try await store.close()
            }
        }
    }
}
