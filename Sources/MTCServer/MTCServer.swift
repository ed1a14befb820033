import ArgumentParser

@main
struct MTCServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtc-server",
        abstract: "The MTConnect Core reference server.",
        subcommands: [ServeCommand.self, APIKeyCommand.self, TokenCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
