import HTTPTypes
import Hummingbird
import MTConnectCoreAPI
import NIOCore
import OpenAPIRuntime

/// Enforces the body rules before anything parses a body: requests with a body must be
/// exactly `application/json` (415, also for `+json` types), no larger than the configured limit
/// (413) and without a `null` where the contract has none (422). The body is collected here,
/// bounded, so later stages see a complete buffer.
struct BodyPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method.carriesBody else {
            return try await next(request, context)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodySize {
            throw Self.tooLarge(maximumBodySize)
        }
        let mediaType = request.headers[.contentType]?
            .split(separator: ";").first?
            .trimmingCharacters(in: .whitespaces).lowercased()
        // Only what the API declares: the generated decoders accept nothing else, and a
        // `+json` type that got past here used to end as a 500.
        guard let mediaType, mediaType == "application/json" else {
            throw HTTPProblem(
                status: .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
                detail: "Send the body as application/json (Content-Type was \(request.headers[.contentType].map { "\"\($0.prefix(100))\"" } ?? "missing"))."
            )
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodySize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Self.tooLarge(maximumBodySize)
        } catch is NIOTooManyBytesError {
            // A chunked body has no length to check up front: it fails here, while collecting.
            throw Self.tooLarge(maximumBodySize)
        }
        if let pointer = JSONBodyInspection.forbiddenNull(in: body, allowed: Self.nullable(at: request.uri.path)) {
            throw HTTPProblem.invalidField(pointer, "Must not be null; leave the field out instead.")
        }
        do {
            return try await next(request, context)
        } catch {
            // The date transcoder is given no coding path: name the field by its text.
            guard let invalid = Self.invalidDateTime(in: error) else { throw error }
            throw HTTPProblem.invalidField(JSONBodyInspection.pointer(ofString: invalid.text, in: body) ?? "/", invalid.description)
        }
    }

    /// Where the contract allows `null`: an observation's value (UNAVAILABLE) and anything inside
    /// the free-form `attributes` and `payload` objects. Everywhere else a field is left out.
    static func nullable(at path: String) -> [JSONBodyInspection.Pattern] {
        switch path {
        case "/api/ext/setup": [["attributes", "**"]]
        case "/api/ext/event": [["payload", "**"]]
        case _ where path.hasPrefix("/internal/"): [["observations", "*", "value"]]
        default: []
        }
    }

    private static func invalidDateTime(in error: any Error) -> InvalidDateTime? {
        if let error = error as? InvalidDateTime { return error }
        if let error = error as? ServerError { return invalidDateTime(in: error.underlyingError) }
        return nil
    }

    private static func tooLarge(_ limit: Int) -> HTTPProblem {
        HTTPProblem(
            status: .contentTooLarge, type: "payload-too-large", title: "Payload too large",
            detail: "The body exceeds \(limit) bytes; split the batch."
        )
    }
}

extension HTTPRequest.Method {
    /// Whether requests of this method carry a body the API reads (the body rules apply, and a
    /// decoding failure is the body's rather than a parameter's).
    var carriesBody: Bool { self == .post || self == .put || self == .patch }
}
