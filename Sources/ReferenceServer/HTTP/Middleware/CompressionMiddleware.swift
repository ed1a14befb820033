import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Gzips answers for clients that ask (`Accept-Encoding: gzip`): bodies of a known length of at
/// least ``minimumSize`` bytes and a textual type (JSON, problem+json, YAML, text, HTML). Every
/// answer that could be compressed says `Vary: Accept-Encoding`, so caches keep both forms.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Smaller bodies are sent as they are: gzip's header and the CPU cost outweigh the saving.
    var minimumSize = 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard request.method != .head, response.headers[.contentEncoding] == nil, Self.isCompressible(response.headers[.contentType]),
              let length = response.body.contentLength
        else { return response }
        response.headers.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        guard length >= minimumSize, Self.acceptsGzip(request.headers[values: .acceptEncoding]) else { return response }
        let collector = BodyCollector()
        try await response.body.write(collector)
        var body = collector.buffer
        let compressed = try body.compress(with: .gzip())
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: compressed)
        return response
    }

    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return type.hasPrefix("text/") || type == "application/json" || type == "application/problem+json" || type == "application/yaml"
    }

    /// Whether `gzip` (or `x-gzip`, or `*`) is listed with a quality above zero.
    static func acceptsGzip(_ values: [String]) -> Bool {
        for value in values {
            for item in value.split(separator: ",") {
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard let coding = parts.first, ["gzip", "x-gzip", "*"].contains(coding) else { continue }
                let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                if quality > 0 { return true }
            }
        }
        return false
    }
}

/// Collects a response body of known, bounded length in memory.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
