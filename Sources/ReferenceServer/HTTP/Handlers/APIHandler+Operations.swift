import Foundation
import MTConnectCoreAPI
import OpenAPIRuntime

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        var checks: [String: String] = [:]
        checks["store"] = await components.backend.isReachable() ? "ok" : "unreachable"
        checks["outboxRelay"] = components.relayState.isRunning ? "ok" : "stopped"
        let ready = checks.values.allSatisfy { $0 == "ok" }
        let health = Components.Schemas.Health(status: ready ? .ok : .unavailable, checks: .init(additionalProperties: checks))
        return ready ? .ok(.init(body: .json(health))) : .serviceUnavailable(.init(body: .json(health)))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(components.metrics.exposition()))))
    }

    func getOpenAPIDocument(_ input: Operations.GetOpenAPIDocument.Input) async throws -> Operations.GetOpenAPIDocument.Output {
        .ok(.init(body: .yaml(HTTPBody(OpenAPIDocument.yaml))))
    }

    func getOpenAPIDocumentJSON(_ input: Operations.GetOpenAPIDocumentJSON.Input) async throws -> Operations.GetOpenAPIDocumentJSON.Output {
        .ok(.init(body: .json(APIDocuments.json)))
    }

    func getAPIDocsPage(_ input: Operations.GetAPIDocsPage.Input) async throws -> Operations.GetAPIDocsPage.Output {
        .ok(.init(body: .html(HTTPBody(APIDocuments.page))))
    }
}
