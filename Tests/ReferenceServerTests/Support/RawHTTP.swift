import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A plain HTTP exchange, for inputs the typed client would never send.
struct RawResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The problem document's `type` without its base URI.
    var problemKind: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let type = object["type"] as? String
        else { return nil }
        return type.split(separator: "/").last.map(String.init)
    }

    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }

    /// The `field` of a problem document's first entry in `errors`.
    var firstErrorField: String? { ((json?["errors"] as? [[String: Any]])?.first)?["field"] as? String }
}

/// A client that leaves bodies as the server sent them (`HTTPClient.shared` asks for gzip and
/// inflates), for tests of the server's content coding.
let undecodingClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.decompression = .disabled
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()

func send(
    _ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
    client: HTTPClient = .shared
) async throws -> RawResponse {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await client.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 16 << 20)
    return RawResponse(
        status: Int(response.status.code),
        headers: response.headers.map { ($0.name, $0.value) },
        body: Array(bytes.readableBytesView)
    )
}
