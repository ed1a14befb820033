import ArgumentParser
import ReferenceServer

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issues access tokens for /api/v1.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signs an access token with MTC_JWT_SECRET and prints it."
        )

        @OptionGroup var options: ServerOptions

        @Option(help: "operator, manager or admin.")
        var role: String = "operator"

        @Option(help: "The token's subject (who it is for).")
        var subject = "mtc-admin"

        @Option(help: "Lifetime in hours.")
        var hours = 12

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be operator, manager or admin.")
            }
            guard (1...24 * 366).contains(hours) else { throw ValidationError("--hours must be in 1...8784.") }
            let issuer = try await TokenIssuer(configuration: try options.configuration())
            print(try await issuer.issue(subject: subject, role: role, lifetime: .seconds(hours * 3600)))
        }
    }
}
