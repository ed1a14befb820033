import Foundation
import HTTPTypes
import MTConnectCoreAPI
@_spi(Generated) import OpenAPIRuntime

/// The generated code's transport with some operations served by hand-written handlers in place
/// of the generated ones: same route, same middleware, same contract, no `Codable` on the way.
///
/// Only `POST /internal/machines/{id}/data` is served so, by ``APIHandler/ingestObservations(request:body:metadata:)``:
/// its batches are the largest bodies the server reads, hundreds of times a second, and the
/// generated decoding cost more than storing them (Docs/performance.md).
struct HandWrittenOperations: ServerTransport {
    typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    let base: any ServerTransport
    let handlers: [String: Handler]

    init(base: any ServerTransport, handler: APIHandler, maximumBodySize: Int) {
        self.base = base
        self.handlers = [
            "POST /internal/machines/{id}/data": { request, body, metadata in
                try await handler.ingestObservations(request: request, body: body, metadata: metadata, maximumBodySize: maximumBodySize)
            },
        ]
    }

    func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        try base.register(handlers["\(method.rawValue) \(path)"] ?? handler, method: method, path: path)
    }
}

extension APIHandler {
    /// `POST /internal/machines/{id}/data` with the batch read by ``IngestBatchDecoder``.
    func ingestObservations(
        request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, maximumBodySize: Int
    ) async throws -> (HTTPResponse, HTTPBody?) {
        let converter = Converter(configuration: RequestBodyDecoding.configuration)
        let id = try converter.getPathParameterAsURI(in: metadata.pathParameters, name: "id", as: String.self)
        try converter.validateAcceptIfPresent("application/json", in: request.headerFields)
        // BodyPolicyMiddleware has checked the content type and collected the body, bounded.
        let bytes = try await [UInt8](collecting: body ?? HTTPBody(), upTo: maximumBodySize)
        let result = try await ingest(IngestBatchDecoder.observations(in: bytes), machineReference: id)
        var response = HTTPResponse(status: .ok)
        let answer = try converter.setResponseBodyAsJSON(
            Components.Schemas.IngestResult(accepted: result.accepted, events: result.events),
            headerFields: &response.headerFields, contentType: "application/json; charset=utf-8"
        )
        return (response, answer)
    }
}
