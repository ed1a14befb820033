import Foundation
import Testing

@Suite("Malformed HTTP never gets a 5xx")
struct MalformedHTTPTests {
    static func post(_ server: TestServer, headers: String, body: String) -> [UInt8] {
        Array((
            "POST /api/v1/machines HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.adminToken)\r\n"
            + "Content-Type: application/json\r\n\(headers)\r\n\(body)"
        ).utf8)
    }

    static func status(of reply: String) -> Int? {
        reply.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) }
    }

    @Test("a chunked body over the limit is 413")
    func chunkedBodyOverTheLimitIs413() async throws {
        try await TestServer.with { server in
            let chunk = String(repeating: "a", count: 64 * 1024)
            let chunks = String(repeating: "10000\r\n\(chunk)\r\n", count: 6) + "0\r\n\r\n"
            let exchange = await rawExchange(
                port: server.port, Self.post(server, headers: "Transfer-Encoding: chunked\r\nConnection: close\r\n", body: chunks)
            )
            #expect(Self.status(of: exchange.reply) == 413, "\(exchange.reply.prefix(200))")
            #expect(exchange.reply.contains("payload-too-large"))
        }
    }

    @Test("broken transfer codings are 400 and the connection is closed", arguments: [
        ("Transfer-Encoding: gzip\r\n", "abc"),
        ("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n"),
        ("Transfer-Encoding: chunked\r\n", "-5\r\nabc\r\n0\r\n\r\n"),
        ("Transfer-Encoding: chunked\r\n", "ffffffffffffffffffff\r\nabc\r\n"),
        ("Transfer-Encoding: chunked\r\nContent-Length: 3\r\n", "3\r\nabc\r\n0\r\n\r\n"),
        ("Content-Length: 3\r\nContent-Length: 4\r\n", "abcd"),
        ("Content-Length: -1\r\n", "abc"),
    ])
    func brokenTransferCodingsAre400(headers: String, body: String) async throws {
        try await TestServer.with { server in
            let exchange = await rawExchange(port: server.port, Self.post(server, headers: headers, body: body))
            let status = Self.status(of: exchange.reply)
            #expect(status.map { (400..<500).contains($0) } ?? exchange.closed, "\(exchange.reply.prefix(200))")
            #expect(exchange.closed)
            let health = try await send(.GET, "\(server.baseURL)/healthz")
            #expect(health.status == 200)
        }
    }
}
