import Foundation
import Logging
import Testing
@testable import MongoKit
import TestSupport

@Suite("Connection permits")
struct ConnectionPermitsTests {
    @Test("a caller waits for a permit until one is released, without blocking a thread")
    func waitsForRelease() async throws {
        let permits = ConnectionPermits(count: 1)
        await permits.acquire()
        let acquired = Task {
            await permits.acquire()
            return true
        }
        try await Task.sleep(for: .milliseconds(50))
        permits.release()
        #expect(await acquired.value)
        permits.release()
        // Both permits are back: two more acquisitions succeed at once.
        await permits.acquire()
        permits.release()
    }

    @Test("more concurrent calls than connections and threads all finish")
    func concurrentCallsFinish() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let uri = "mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=200&connectTimeoutMS=200"
        let configuration = MongoClientConfiguration(uri: uri, maxPoolSize: 1, blockingThreads: 1)
        let start = ContinuousClock.now
        try await MongoClient.withClient(configuration: configuration, logger: Logger(label: "MongoKitTests")) { client in
            let kinds = await withTaskGroup(of: MongoError.Kind?.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        do {
                            if index.isMultiple(of: 2) {
                                try await client.ping()
                            } else {
                                try await client.withSession { _ in }
                            }
                            return nil
                        } catch {
                            return (error as? MongoError)?.kind
                        }
                    }
                }
                var kinds: [MongoError.Kind?] = []
                for await kind in group { kinds.append(kind) }
                return kinds
            }
            #expect(kinds.count == 6)
            #expect(kinds.allSatisfy { $0 == .serverSelection })
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}
