import ArgumentParser

@main
struct MTCServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtc-server",
        abstract: "The MTConnect Core reference server.",
        version: "mtc-server 0.1.0 (MTConnect Core SDK)",
        subcommands: [ServeCommand.self, APIKeyCommand.self, TokenCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
