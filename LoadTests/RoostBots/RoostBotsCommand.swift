import ArgumentParser
import Client
import Glibc
import Protocol
import Reactor
import RoostBotsKit
import WebSocketTransport

/// `roost-bots`: thousands of roost.v1 bots from one process, on a few Reactor loops, playing
/// Connect Four and Cycles against each other on a Roost cluster; see LoadTests/README.md.
@main
struct RoostBotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roost-bots",
        abstract: "Load a Roost cluster with bots that log in, quick-play and play games to the end.",
        discussion: """
            Each bot connects to a random node of --urls, logs in, follows the lobby and quick-plays \
            Connect Four and Cycles in turn, reconnecting (to a random node) and resuming after drops. \
            After --duration the bots start no new games, leave waiting games and Cycles rounds, and \
            play out Connect Four for up to --grace seconds. Exit status 1 with --expect-clean when \
            there were protocol errors (any error code but the races listed in \
            LoadTests/README.md), seq gaps, lost acknowledged moves or unfinished games.
            """
    )

    @Option(help: "Comma-separated WebSocket URLs of the nodes (ws://host:port/ws).") var urls: String
    @Option(help: "How many bots.") var bots = 100
    @Option(help: "Seconds of play.") var duration = 30.0
    @Option(help: "steady, login-storm, reconnect-storm, spectators or idle.") var scenario = "steady"
    @Option(help: "Seconds over which the bots arrive (default: a quarter of --duration, at most 10).") var ramp: Double?
    @Option(help: "Seconds after --duration for running games to end.") var grace = 30.0
    @Option(help: "Event loops (threads) for the bots.") var loops = 2
    @Option(help: "reconnect-storm: seconds between two storms.") var stormInterval = 10.0
    @Option(help: "spectators: the share of bots that watch instead of playing.") var spectatorShare = 0.2
    @Option(help: "When players follow the lobby: always, between-games or never.") var lobby = "always"
    @Option(help: "Comma-separated game kinds the players quick-play in turn.") var kinds = "connect4,cycles"
    @Option(help: "Connect Four: average milliseconds a bot thinks before moving (0: at once).") var thinkMs = 250.0
    @Option(help: "Seconds a move may wait for its reply before the bot drops the connection.") var moveTimeout = 15.0
    @Option(help: "Write the report (with every game's ledger) to this file as JSON.") var json: String?
    @Option(help: "Seed for the bots' choices.") var seed: UInt64 = 1
    @Flag(help: "Exit 1 on protocol errors, seq gaps, lost moves or unfinished games.") var expectClean = false

    func validate() throws {
        guard Scenario(rawValue: scenario) != nil else {
            throw ValidationError("--scenario must be one of \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard BotConfiguration.LobbyMode(rawValue: lobby) != nil else {
            throw ValidationError("--lobby must be always, between-games or never")
        }
        guard !kindList.isEmpty, kindList.allSatisfy({ ["connect4", "cycles"].contains($0) }) else {
            throw ValidationError("--kinds takes connect4 and/or cycles")
        }
        guard bots > 0, duration > 0, loops > 0, grace >= 0 else {
            throw ValidationError("--bots, --duration and --loops must be positive, --grace not negative")
        }
    }

    func run() throws {
        let scenario = Scenario(rawValue: scenario)!
        let parsed = try parseURLs()
        try raiseDescriptorLimit(for: bots)
        signal(SIGPIPE, SIG_IGN)

        let group = try EventLoopGroup(loopCount: loops, name: "roost-bots")
        let homes = group.loops.map { BotLoopHandle(BotLoop(loop: $0, urls: parsed, thinkTime: .milliseconds(Int64(thinkMs)))) }
        let ramp = scenario.rampsUp ? (self.ramp ?? min(10, duration / 4)) : 0
        let start = MonotonicInstant.now()
        startBots(homes: homes, scenario: scenario, ramp: ramp)

        let progress = ProgressPrinter(total: bots)
        var peak = 0
        var nextStorm = stormInterval
        let playEnd = start + .milliseconds(Int64(duration * 1000))
        while MonotonicInstant.now() < playEnd {
            sleepSeconds(min(1, secondsUntil(playEnd)))
            let snapshot = merged(homes, withLedger: false)
            peak = max(peak, snapshot.openConnections)
            progress.show(phase: "play", elapsed: secondsSince(start), snapshot: snapshot)
            if scenario == .reconnectStorm && secondsSince(start) >= nextStorm {
                nextStorm += stormInterval
                for home in homes { home.async { loop in for bot in loop.bots { bot.dropConnection() } } }
            }
        }
        let atEnd = merged(homes, withLedger: false)
        for home in homes { home.async { loop in for bot in loop.bots { bot.windDown() } } }

        let graceEnd = MonotonicInstant.now() + .milliseconds(Int64(grace * 1000))
        var final = atEnd
        while true {
            final = merged(homes, withLedger: false)
            peak = max(peak, final.openConnections)
            progress.show(phase: "grace", elapsed: secondsSince(start), snapshot: final)
            if final.unfinishedGames == 0 || MonotonicInstant.now() >= graceEnd { break }
            sleepSeconds(min(1, max(0.05, secondsUntil(graceEnd))))
        }
        final = merged(homes, withLedger: true)
        for home in homes { home.sync { loop in loop.stopAll() } }
        sleepSeconds(0.3)  // let the close frames go out
        group.shutdown()
        progress.finish()

        let report = RunReport(
            scenario: scenario.rawValue, bots: bots, urls: parsed.map(\.description), elapsedSeconds: secondsSince(start),
            playSeconds: duration, connectionsAtEnd: atEnd.openConnections, peakConnections: peak,
            unfinishedGames: final.unfinishedGames, statistics: final.statistics, games: final.ledger)
        for line in report.lines { print(line) }
        if let json { try write(JSONWriter.encode(report.json) + [0x0A], to: json) }
        let problems = report.cleanlinessProblems
        if expectClean {
            if problems.isEmpty {
                print("clean: no protocol errors, every game finished")
            } else {
                for problem in problems { print("NOT CLEAN: \(problem)") }
                throw ExitCode(1)
            }
        }
    }

    private var kindList: [String] { kinds.split(separator: ",").map(String.init) }

    private func parseURLs() throws -> [WebSocketURL] {
        let parts = urls.split(separator: ",").map(String.init).filter { !$0.isEmpty }
        guard !parts.isEmpty else { throw ValidationError("--urls needs at least one URL") }
        return try parts.map { text in
            switch RoostURL.parse(text) {
            case .success(let url): return url
            case .failure(let error): throw ValidationError(error.description)
            }
        }
    }

    private func startBots(homes: [BotLoopHandle], scenario: Scenario, ramp: Double) {
        let bots = self.bots
        let seed = self.seed
        let spectatorShare = self.spectatorShare
        let kinds = kindList
        let lobbyMode = BotConfiguration.LobbyMode(rawValue: lobby)!
        let moveTimeout = Duration.milliseconds(Int64(self.moveTimeout * 1000))
        for (loopIndex, home) in homes.enumerated() {
            let count = homes.count
            home.async { loop in
                loop.startSweeping(moveReplyTimeout: moveTimeout)
                for index in stride(from: loopIndex, to: bots, by: count) {
                    var configuration = scenario.configuration(forBot: index, spectatorShare: spectatorShare)
                    configuration.kinds = kinds
                    if configuration.role != .spectator { configuration.lobby = lobbyMode }
                    let bot = BotShell(home: loop, index: index, configuration: configuration, seed: seed &* 1_000_003 &+ UInt64(index))
                    loop.bots.append(bot)
                    let delay = ramp * Double(index) / Double(bots)
                    if delay <= 0 {
                        bot.start()
                    } else {
                        _ = loop.loop.schedule(after: .milliseconds(Int64(delay * 1000))) { bot.start() }
                    }
                }
            }
        }
    }

    private func merged(_ homes: [BotLoopHandle], withLedger: Bool) -> BotLoop.Snapshot {
        var total = BotLoop.Snapshot(statistics: RunStatistics(), openConnections: 0, unfinishedGames: 0, idleBots: 0, ledger: [])
        for home in homes {
            let part = home.sync { $0.snapshot(withLedger: withLedger) }
            total.statistics.add(part.statistics)
            total.openConnections += part.openConnections
            total.unfinishedGames += part.unfinishedGames
            total.idleBots += part.idleBots
            total.ledger += part.ledger
        }
        return total
    }

    /// Each bot holds one socket; the soft limit is raised to the hard one, which must leave room.
    private func raiseDescriptorLimit(for bots: Int) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        let needed = rlim_t(bots + 64)
        guard limit.rlim_max >= needed else {
            throw ValidationError(
                "\(bots) bots need about \(needed) file descriptors but the hard limit is \(limit.rlim_max): use fewer bots or raise `ulimit -Hn`")
        }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "w") else { throw ValidationError("cannot write \(path): errno \(errno)") }
        defer { fclose(file) }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    }
}

func secondsSince(_ start: MonotonicInstant) -> Double {
    Double((MonotonicInstant.now() - start).nanosecondsValue) / 1e9
}

func secondsUntil(_ end: MonotonicInstant) -> Double {
    max(0, Double((end - MonotonicInstant.now()).nanosecondsValue) / 1e9)
}

func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    usleep(UInt32(seconds * 1_000_000))
}
