import Foundation
import MTConnectCoreAPI
@_spi(Generated) import OpenAPIRuntime

/// The write endpoints' bodies from bytes to what their handlers accept or the problem the
/// server answers with, through the same decoder configuration, generated types, handler
/// checks and error mapping as a request; only the routing, authentication and store are left
/// out. For fuzzing (`Fuzz/`), which has no other way into the handlers' code.
@_spi(Fuzzing) public enum RequestBodyDecoding {
    /// What the server makes of a body.
    public enum Outcome: Sendable, Equatable {
        /// The body passed the schema and the handler's checks, carrying `items` values
        /// (1 for an event, the observations of a batch).
        case accepted(items: Int)
        /// The problem document the server answers with.
        case rejected(status: Int, type: String)
    }

    /// The configuration the generated server decodes and encodes with: microsecond RFC 3339
    /// dates, compact JSON without `\/`.
    static let configuration = Configuration(
        dateTranscoder: FlexibleDateTranscoder(), jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]
    )

    /// A `POST /api/ext/event` body.
    public static func extEvent(_ bytes: [UInt8]) async -> Outcome {
        await outcome {
            let event = try await decode(Components.Schemas.GenericEvent.self, bytes)
            try APIHandler.validate(event)
            return 1
        }
    }

    /// A `POST /internal/machines/{id}/data` body, read as the server reads it
    /// (``IngestBatchDecoder``).
    public static func ingestBatch(_ bytes: [UInt8]) async -> Outcome {
        await outcome { try IngestBatchDecoder.observations(in: bytes).count }
    }

    /// A `POST /internal/machines/{id}/data` body through the generated types and the
    /// generated handler's checks: the reference ``ingestBatch(_:)`` must agree with.
    public static func ingestBatchThroughGeneratedTypes(_ bytes: [UInt8]) async -> Outcome {
        await outcome {
            try APIHandler.observations(in: try await decode(Components.Schemas.IngestBatch.self, bytes)).count
        }
    }

    /// The observations the server reads from a `POST /internal/machines/{id}/data` body, or
    /// the problem; for the differential test of the two decoders.
    static func ingestObservations(_ bytes: [UInt8], throughGeneratedTypes: Bool) async throws -> [ObservationInput] {
        if throughGeneratedTypes {
            return try APIHandler.observations(in: try await decode(Components.Schemas.IngestBatch.self, bytes))
        }
        return try IngestBatchDecoder.observations(in: bytes)
    }

    private static func decode<Body: Decodable>(_ type: Body.Type, _ bytes: [UInt8]) async throws -> Body {
        try await Converter(configuration: configuration)
            .getRequiredRequestBodyAsJSON(type, from: HTTPBody(bytes), transforming: { $0 })
    }

    private static func outcome(_ body: () async throws -> Int) async -> Outcome {
        do {
            return .accepted(items: try await body())
        } catch {
            let problem = HTTPProblem(answering: error)
            return .rejected(status: problem.status.code, type: problem.type)
        }
    }
}
