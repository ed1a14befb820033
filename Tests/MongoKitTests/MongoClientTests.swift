import Foundation
import Logging
import Testing
@testable import MongoKit
import TestSupport

@Suite("MongoClient without a server")
struct MongoClientTests {
    let logger = Logger(label: "MongoKitTests")

    @Test("a malformed connection string fails with invalidURI", arguments: ["", "http://127.0.0.1", "mongodb://127.0.0.1:99999999/"])
    func invalidURI(uri: String) {
        #expect { try MongoClient(configuration: .init(uri: uri), logger: logger) } throws: {
            ($0 as? MongoError)?.kind == .invalidURI
        }
    }

    @Test("operations against a closed loopback port fail promptly with serverSelection")
    func closedPort() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let port = refusing.port
        let uri = "mongodb://127.0.0.1:\(port)/?serverSelectionTimeoutMS=300&connectTimeoutMS=300"
        let start = ContinuousClock.now
        try await MongoClient.withClient(configuration: .init(uri: uri, maxPoolSize: 1), logger: logger) { client in
            await #expect { try await client.ping() } throws: { ($0 as? MongoError)?.kind == .serverSelection }
            let collection = client.collection("events", in: "test")
            await #expect { try await collection.insertOne(["_id": 1]) } throws: { ($0 as? MongoError)?.kind == .serverSelection }
            // Sessions need a server too; with a pool of one, a leaked client would make the
            // second attempt wait forever instead of failing.
            for _ in 0..<2 {
                await #expect {
                    try await client.withSession { _ in Issue.record("session started without a server") }
                } throws: { ($0 as? MongoError)?.kind == .serverSelection }
            }
        }
        #expect(ContinuousClock.now - start < .seconds(15))
    }

    @Test("a shut-down client refuses operations with clientClosed")
    func closed() async throws {
        let client = try MongoClient(configuration: .init(uri: "mongodb://127.0.0.1:1/"), logger: logger)
        try await client.shutdown()
        try await client.shutdown()
        await #expect { try await client.ping() } throws: { ($0 as? MongoError)?.kind == .clientClosed }
    }

    @Test("libmongoc error domains map to error kinds", arguments: [
        (15, 13053, MongoError.Kind.serverSelection),
        (2, 4, .connection),
        (17, 11000, .duplicateKey),
        (17, 112, .server),
        (16, 64, .writeConcern),
        (18, 60, .transaction),
        (11, 22, .invalidArgument),
    ] as [(UInt32, UInt32, MongoError.Kind)])
    func errorKinds(domain: UInt32, code: UInt32, kind: MongoError.Kind) {
        #expect(LibMongoC.kind(domain: domain, code: code) == kind)
    }
}
