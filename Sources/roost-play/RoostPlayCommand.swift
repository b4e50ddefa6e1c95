import ArgumentParser
import Client
import Glibc
import Reactor

/// `roost-play`: the terminal client for playtesting, in a plain 80×24 terminal (works over ssh).
@main
struct RoostPlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roost-play",
        abstract: "Play Roost games in a terminal.",
        discussion: """
            Log in with a nickname, pick or open games in the lobby, play Connect Four or Cycles, \
            chat. The connection resumes by itself after a drop or a server restart.
            """
    )

    @Argument(help: "The server's WebSocket URL.") var url = "ws://127.0.0.1:8080/ws"
    @Option(help: "Log in at once under this nickname.") var name: String?

    func run() throws {
        if case .failure(let error) = RoostURL.parse(url) { throw ValidationError(error.description) }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("roost-play needs a terminal on standard input and output")
        }
        TLSGlobals.ignoreSIGPIPE()
        let loop = try EventLoop()
        let signalFD = try SignalPipe.install()
        try RawTerminal.enter()
        defer { RawTerminal.restore() }
        let client = try RoostClient(address: url, loop: loop, client: ClientIdentity.info(name: "roost-play"))
        let app = PlayApp(client: client, name: name)
        var failure: SystemError?
        // The loop runs on this thread, so the app is set up here as the loop's first timer.
        loop.schedule(after: .zero) {
            do throws(SystemError) {
                try app.start(signalFD: signalFD)
            } catch {
                failure = error
                loop.stop()
            }
        }
        loop.run()
        if let failure { throw failure }
    }
}
