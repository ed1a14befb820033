import Foundation
import Logging
import MongoKit
import OutboxKit
import OutboxKitConformance
import Testing
import OutboxMongo
import TestSupport

@Suite("MongoOutboxStore")
struct MongoOutboxStoreTests {
    let logger = Logger(label: "OutboxMongoTests")

    @Test(
        "the Mongo store behaves like every store",
        .enabled(if: MongoTestServer.skipReason == nil, MongoTestServer.skipComment),
        arguments: OutboxStoreConformanceCheck.allCases
    )
    func conformance(_ check: OutboxStoreConformanceCheck) async throws {
        try await MongoTestServer.withStore { store in
            try await OutboxStoreConformance { store }.run(check)
        }
    }

    @Test(
        "events appended with the caller's data commit and roll back with it",
        .enabled(if: MongoTestServer.skipReason == nil, MongoTestServer.skipComment)
    )
    func appendInCallersTransaction() async throws {
        try await MongoTestServer.withStore { store in
            let machines = store.client.collection(store.collection.name + "_machines", in: store.collection.databaseName)
            let kept = OutboxEvent(partitionKey: "m1", type: "machine.created", source: "/test", payload: Array("{}".utf8))
            let dropped = OutboxEvent(partitionKey: "m2", type: "machine.created", source: "/test", payload: Array("{}".utf8))
            struct RollBack: Error {}

            try await store.client.withTransaction { session in
                try await machines.insertOne(["_id": "m1"], session: session)
                try await store.append([kept], in: session)
            }
            await #expect(throws: RollBack.self) {
                try await store.client.withTransaction { session in
                    try await machines.insertOne(["_id": "m2"], session: session)
                    try await store.append([dropped], in: session)
                    throw RollBack()
                }
            }
            #expect(try await machines.countDocuments() == 1)
            #expect(try await store.event(kept.id)?.status == .pending)
            #expect(try await store.event(dropped.id) == nil)

            let outside = await #expect(throws: OutboxError.self) {
                try await store.client.withSession { session in
                    try await store.append([dropped], in: session)
                }
            }
            #expect(outside?.code == .unknownTransaction)
            try await machines.drop()
        }
    }

    @Test("with no server, store calls fail promptly with storeFailure")
    func unreachableServer() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let uri = "mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"
        let start = ContinuousClock.now
        try await MongoClient.withClient(configuration: .init(uri: uri), logger: logger) { client throws in
            let store = MongoOutboxStore(client: client, database: "test", logger: logger)
            let calls: [(String, @Sendable () async throws -> Void)] = [
                ("claim", { _ = try await store.claim(owner: "a", limit: 5, leaseDuration: .seconds(5), policy: .independent, now: Date()) }),
                ("claim holding keys", { _ = try await store.claim(owner: "a", limit: 5, leaseDuration: .seconds(5), policy: .holdKey, now: Date()) }),
                ("stats", { _ = try await store.stats() }),
                ("createIndexes", { try await store.createIndexes() }),
                ("append", { try await store.append([OutboxEvent(partitionKey: "k", type: "t", source: "/s", payload: [])]) }),
            ]
            for (name, call) in calls {
                do {
                    try await call()
                    Issue.record("\(name) succeeded without a server")
                } catch let error as OutboxError {
                    #expect(error.code == .storeFailure, "\(name): \(error)")
                    #expect(error.message.contains("serverSelection"), "\(name): \(error)")
                }
            }
        }
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    @Test("invalid arguments are refused before any call to the server")
    func invalidArguments() async throws {
        // Port 1 on loopback: nothing listens, and no call should be attempted anyway.
        try await MongoClient.withClient(configuration: .init(uri: "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100"), logger: logger) { client throws in
            let store = MongoOutboxStore(client: client, database: "test", logger: logger)
            let claim = await #expect(throws: OutboxError.self) {
                _ = try await store.claim(owner: "a", limit: 0, leaseDuration: .seconds(1), policy: .holdKey, now: Date())
            }
            #expect(claim?.code == .invalidArgument)
            let list = await #expect(throws: OutboxError.self) { _ = try await store.listDead(limit: 0, after: nil) }
            #expect(list?.code == .invalidArgument)
            #expect(try await store.markSent([], owner: "a", now: Date()) == 0)
            #expect(try await store.release([], owner: "a") == 0)
        }
    }

    @Test("only loopback connection strings are used by the server-backed tests", arguments: [
        ("mongodb://127.0.0.1:27017/?replicaSet=rs0", true),
        ("mongodb://user:pw@localhost,127.0.0.2:27018/db", true),
        ("mongodb://[::1]:27017", true),
        ("mongodb://10.0.0.5:27017", false),
        ("mongodb://127.0.0.1,db.example.com/", false),
        ("mongodb+srv://cluster.example.com", false),
    ])
    func loopbackOnly(uri: String, allowed: Bool) {
        #expect(MongoTestServer.isLoopback(uri) == allowed)
    }
}
