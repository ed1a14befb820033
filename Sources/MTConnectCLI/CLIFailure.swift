/// A command's runtime failure: the arguments were fine, the file, device or agent was not.
///
/// ArgumentParser prints it once, as `Error: <description>`, without the usage text, and exits
/// with status 1. Wrong arguments are a `ValidationError` thrown from `validate()` instead,
/// so the usage line printed with them is the subcommand's own.
struct CLIFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
