import OutboxKit
import OutboxKitConformance
import Testing

@Suite struct InMemoryOutboxStoreTests {
    @Test(arguments: OutboxStoreConformanceCheck.allCases)
    func inMemoryStoreBehavesLikeEveryStore(_ check: OutboxStoreConformanceCheck) async throws {
        try await OutboxStoreConformance { InMemoryOutboxStore() }.run(check)
    }

    @Test func appendingWithAnotherStoresTransactionIsRejected() async throws {
        let store = InMemoryOutboxStore()
        let other = InMemoryOutboxStore()
        let error = await #expect(throws: OutboxError.self) {
            try await other.withTransaction { transaction in
                try await store.append([OutboxEvent(partitionKey: "k", type: "t", source: "/s", payload: [])], in: transaction)
            }
        }
        #expect(error?.code == .unknownTransaction)
    }
}
