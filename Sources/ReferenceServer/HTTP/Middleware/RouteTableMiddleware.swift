import HTTPTypes
import Hummingbird

/// Answers for paths and methods the API does not have before anything else looks at the
/// request: 404 for an unknown path, 405 with `Allow` for a known path and an undeclared
/// method. Without it the body rules (415, 413) and authentication (401) answered first,
/// although no body or credential could have made the request valid.
struct RouteTableMiddleware<Context: RequestContext>: RouterMiddleware {
    private let routes: [(path: RouterPath, methods: [HTTPRequest.Method])]

    /// - Parameter routes: Every route of the router this middleware guards.
    init(routes: [Router<Context>.RouteDescription]) {
        var table: [(path: RouterPath, methods: [HTTPRequest.Method])] = []
        for route in routes {
            if let index = table.firstIndex(where: { $0.path == route.path }) {
                table[index].methods.append(route.method)
            } else {
                table.append((route.path, [route.method]))
            }
        }
        self.routes = table
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let components = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        guard let route = routes.first(where: { Self.matches($0.path, components) }) else {
            throw HTTPProblem(
                status: .notFound, type: "not-found", title: "Not found",
                detail: "This server has no resource at \(request.uri.path.prefix(200)); the API is described at /openapi.yaml."
            )
        }
        guard route.methods.contains(request.method) else {
            let allowed = route.methods.map(\.rawValue).sorted().joined(separator: ", ")
            throw HTTPProblem(
                status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.method.rawValue.prefix(32)) is not a method of this resource; it allows \(allowed).",
                headers: [.allow: allowed]
            )
        }
        return try await next(request, context)
    }

    private static func matches(_ path: RouterPath, _ components: [Substring]) -> Bool {
        guard path.components.count == components.count else { return false }
        return zip(path.components, components).allSatisfy { $0 ~= $1 }
    }
}
