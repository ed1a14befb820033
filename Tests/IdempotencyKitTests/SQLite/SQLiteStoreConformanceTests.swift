import IdempotencyKit
import IdempotencyKitConformance
import Testing

@Suite("SQLite store conformance", .timeLimit(.minutes(1)))
struct SQLiteStoreConformanceTests {
    @Test("the SQLite store on its own file keeps the store contract", arguments: IdempotencyStoreConformanceCheck.allCases)
    func keepsTheContract(_ check: IdempotencyStoreConformanceCheck) async throws {
        try await TemporarySQLiteDatabase.with { database in
            try await IdempotencyStoreConformance.run(check, makeStore: { try await database.openStore() }, clock: ManualIdempotencyClock())
        }
    }

    @Test("the SQLite store on an application's pool keeps the store contract", arguments: IdempotencyStoreConformanceCheck.allCases)
    func keepsTheContractOnAHostPool(_ check: IdempotencyStoreConformanceCheck) async throws {
        try await TemporarySQLiteDatabase.with { database in
            let pool = try database.openHost()
            try await IdempotencyStoreConformance.run(
                check,
                makeStore: { SQLiteIdempotencyStore(writer: pool, logger: TemporarySQLiteDatabase.logger) },
                clock: ManualIdempotencyClock()
            )
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
