package import Foundation

/// The OpenAPI document the server implements and the client was generated from.
///
/// `openapi.yaml` in this folder is the contract's source of truth: the build plugin generates
/// the types, the client and the server protocol from it, and the server serves the same bytes
/// at `/openapi.yaml`.
package enum OpenAPIDocument {
    /// The document's bytes as shipped with the package.
    package static let yaml: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url)
        else {
            preconditionFailure("openapi.yaml is missing from the MTConnectCoreAPI resources")
        }
        return data
    }()
}
