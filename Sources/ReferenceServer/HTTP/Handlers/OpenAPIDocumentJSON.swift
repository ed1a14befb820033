import Foundation
import OpenAPIRuntime

/// The `/openapi.json` document and the `/docs` page, read once from the package's resources.
///
/// `Resources/openapi.json` is written from `openapi.yaml` (the source of truth) by
/// `scripts/openapi-json.sh`; CI runs it with `--check`, and `ContractTests` compares its paths
/// with the YAML's.
enum APIDocuments {
    static let json: OpenAPIObjectContainer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let container = try? JSONDecoder().decode(OpenAPIObjectContainer.self, from: data)
        else {
            preconditionFailure("openapi.json is missing from the ReferenceServer resources or does not decode")
        }
        return container
    }()

    static let page: Data = {
        guard let url = Bundle.module.url(forResource: "docs", withExtension: "html"), let data = try? Data(contentsOf: url) else {
            preconditionFailure("docs.html is missing from the ReferenceServer resources")
        }
        return data
    }()
}
