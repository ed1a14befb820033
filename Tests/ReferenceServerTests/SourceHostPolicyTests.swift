import Foundation
import Testing
@testable import ReferenceServer

@Suite("Source host allow-list")
struct SourceHostPolicyTests {
    @Test("addresses match networks, names match names and wildcards, nothing is resolved")
    func matching() throws {
        let policy = try SourceHostPolicy(allowList: "127.0.0.0/8, ::1, 192.0.2.10, agent.plant.example, *.cells.example")
        for host in ["127.0.0.1", "127.255.1.2", "::1", "[::1]", "192.0.2.10", "agent.plant.example", "AGENT.plant.example.",
                     "m1.cells.example", "a.b.cells.example"] {
            #expect(policy.permits(host: host), "\(host)")
        }
        for host in ["128.0.0.1", "192.0.2.11", "::2", "::ffff:127.0.0.1", "10.0.0.5", "localhost", "cells.example",
                     "evilcells.example", "agent.plant.example.evil", "127.1", "0x7f.0.0.1", ""] {
            #expect(!policy.permits(host: host), "\(host)")
        }
    }

    @Test("IPv6 networks and prefix lengths that are not whole bytes")
    func prefixes() throws {
        let policy = try SourceHostPolicy(allowList: "fd00::/8,10.128.0.0/9")
        #expect(policy.permits(host: "fd12:3456::1"))
        #expect(!policy.permits(host: "fe80::1"))
        #expect(policy.permits(host: "10.200.0.1"))
        #expect(!policy.permits(host: "10.127.255.255"))
        #expect(!policy.permits(host: "10.200.0.1".replacingOccurrences(of: "10.", with: "11.")))
    }

    @Test("every host without a list; a list that names nothing or something odd is a configuration error",
          arguments: ["", " , ", "10.0.0.0/33", "::1/129", "a b", "http://x", "*.", "1.2.3.4/x", "bad_/name/"])
    func invalidLists(list: String) {
        #expect(SourceHostPolicy.any.permits(host: "anything.example"))
        #expect(throws: ReferenceServerError.self) { try SourceHostPolicy(allowList: list) }
    }

    @Test("MTC_SOURCE_HOSTS is read from the environment")
    func environment() throws {
        let configuration = try ReferenceServerConfiguration(environment: ["MTC_SOURCE_HOSTS": "127.0.0.0/8"])
        #expect(configuration.sourceHosts.permits(host: "127.0.0.1"))
        #expect(!configuration.sourceHosts.permits(host: "192.0.2.1"))
        #expect(throws: ReferenceServerError.self) { try ReferenceServerConfiguration(environment: ["MTC_SOURCE_HOSTS": "nope!"]) }
    }

    @Test("the server refuses a machine whose source is outside the list, in every block")
    func serverRefusesHosts() async throws {
        try await TestServer.with(configure: { $0.sourceHosts = try! SourceHostPolicy(allowList: "127.0.0.0/8") }) { server in
            let url = "\(server.baseURL)/api/v1/machines"
            let headers = [("Authorization", "Bearer \(server.adminToken)"), ("Content-Type", "application/json")]
            let modbus = try await send(.POST, url, headers: headers, body: Array(#"""
                {"externalId":"m1","name":"Lathe","source":{"kind":"modbus","modbus":{"host":"192.0.2.6"}}}
                """#.utf8))
            #expect(modbus.status == 422)
            #expect(modbus.firstErrorField == "/source/modbus/host")

            // A block of another kind is checked too, then dropped.
            let hidden = try await send(.POST, url, headers: headers, body: Array(#"""
                {"externalId":"m2","name":"Mill","source":{"kind":"none","mtconnect":{"agentUrl":"http://192.0.2.5:5000"}}}
                """#.utf8))
            #expect(hidden.status == 422)
            #expect(hidden.firstErrorField == "/source/mtconnect/agentUrl")

            let allowed = try await send(.POST, url, headers: headers, body: Array(#"""
                {"externalId":"m3","name":"Mill","source":{"kind":"mtconnect","mtconnect":{"agentUrl":"http://127.0.0.1:9"}}}
                """#.utf8))
            #expect(allowed.status == 201)
        }
    }
}
