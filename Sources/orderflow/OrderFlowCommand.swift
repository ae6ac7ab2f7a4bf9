import ArgumentParser

/// `orderflow`: one thin command per job, each a call into the App layer.
@main
struct OrderFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderflow",
        abstract: "Order management for service stores.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, TokenCommand.self,
            AuditCommand.self, PolicyCommand.self, BackupCommand.self, RestoreCommand.self, VerifyCommand.self,
        ])
    // No default subcommand: a mistyped one gets this command's usage and
    // the list of commands, not `serve`'s options.
}

/// A command that could not do its work (as opposed to being called
/// wrongly): the message alone, exit status 1, no usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }
}
