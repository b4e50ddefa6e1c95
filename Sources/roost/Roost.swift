import ArgumentParser

@main
struct Roost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roost",
        abstract: "A clustered multiplayer game server.",
        subcommands: [ServeCommand.self, DevCommand.self, EchoCommand.self, AutobahnClientCommand.self, BenchRatingCommand.self]
    )
}
