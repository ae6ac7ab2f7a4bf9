import ArgumentParser

/// `orderflow`: one thin command per job, each a call into the App layer.
@main
struct OrderFlowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orderflow",
        abstract: "Order management for service stores.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, DemoCommand.self, UserCommand.self, TokenCommand.self,
            AuditCommand.self, PolicyCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
