import Foundation
import MTConnectCoreClient
@testable import ReferenceServer
import Testing

@Suite("Load shedding")
struct LoadSheddingTests {
    @Test("write admission hands out its places, refuses past them, takes them back; 0 admits all")
    func admissionCounts() {
        let admission = WriteAdmission(limit: 2)
        #expect(admission.tryEnter())
        #expect(admission.tryEnter())
        #expect(!admission.tryEnter())
        #expect(!admission.tryEnter())
        admission.leave()
        #expect(admission.tryEnter())
        #expect(!admission.tryEnter())

        let unbounded = WriteAdmission(limit: 0)
        #expect((0..<10_000).allSatisfy { _ in unbounded.tryEnter() })
    }

    @Test("writes beyond the bound get 503 overloaded with Retry-After at once; reads and later writes go on")
    func overloadedWritesAre503() async throws {
        try await TestServer.with(configure: { $0.maximumConcurrentWrites = 1 }) { server in
            let machine = try await server.client().createMachine(externalId: "17", name: "Mill")
            let url = "\(server.baseURL)/internal/machines/\(machine.id.uuidString.lowercased())/data"
            let headers = [("Authorization", "Bearer \(TestServer.internalToken)"), ("Content-Type", "application/json")]
            let observations = (0..<1000).map { index in
                #"{"dataItemId":"s\#(index % 7)","timestamp":"2026-01-31T12:00:00Z","category":"SAMPLE","value":\#(index)}"#
            }
            let batch = Array(#"{"observations":[\#(observations.joined(separator: ","))]}"#.utf8)

            // Many batches at once against a bound of one write in progress: the ones that find
            // it taken are refused, none waits in a queue, none fails otherwise.
            let responses = try await withThrowingTaskGroup(of: RawResponse.self) { group in
                for _ in 0..<40 {
                    group.addTask { try await send(.POST, url, headers: headers, body: batch) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(responses.allSatisfy { [200, 503].contains($0.status) })
            #expect(responses.contains { $0.status == 200 })
            let refused = try #require(responses.first { $0.status == 503 })
            #expect(refused.problemKind == "overloaded")
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.header("Content-Type") == "application/problem+json")

            // The server keeps serving: a read, and a write once the burst is over.
            #expect(try await send(.GET, "\(server.baseURL)/api/ext/machines/17/cycle-time", headers: [("X-API-Key", server.apiKey)]).status == 200)
            #expect(try await send(.POST, url, headers: headers, body: batch).status == 200)
            let metrics = try await send(.GET, "\(server.baseURL)/metrics")
            #expect(metrics.text.contains(#"status="503""#))
        }
    }
}
