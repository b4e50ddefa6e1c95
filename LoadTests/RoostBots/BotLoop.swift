import Client
import Reactor
import RoostBotsKit
import WebSocketTransport

/// The bots of one event loop and what they counted. Everything here is touched only on `loop`'s
/// thread; the main thread reaches it through `loop.execute` and gets copies back (`Snapshot`).
final class BotLoop {
    /// What the main thread gets once a second, and at the end.
    struct Snapshot: Sendable {
        var statistics: RunStatistics
        var openConnections: Int
        var unfinishedGames: Int
        var idleBots: Int
        var ledger: [BotGame]
    }

    let loop: EventLoop
    let urls: [WebSocketURL]
    /// How long a Connect Four bot thinks before a move, on average.
    let thinkTime: Duration
    var bots: [BotShell] = []
    var stats = RunStatistics()
    var openConnections = 0
    /// Games of bots that restarted their session (login storm), kept for the final ledger.
    var ledger: [BotGame] = []
    private var random = SystemRandomNumberGenerator()
    private var sweepTimer: TimerID?

    init(loop: EventLoop, urls: [WebSocketURL], thinkTime: Duration) {
        self.loop = loop
        self.urls = urls
        self.thinkTime = thinkTime
    }

    /// A node picked at random.
    func randomURL() -> WebSocketURL { urls.randomElement(using: &random)! }

    /// Every second: drop connections whose move got no reply within `moveReplyTimeout`.
    func startSweeping(moveReplyTimeout: Duration) {
        sweepTimer = loop.schedule(after: .seconds(1)) { [weak self] in
            guard let self else { return }
            let now = MonotonicInstant.now().nanoseconds
            for bot in self.bots { bot.checkMoveReply(now: now, timeout: moveReplyTimeout) }
            self.startSweeping(moveReplyTimeout: moveReplyTimeout)
        }
    }

    /// The counts so far; with `ledger`, every game the bots played (the end of the run).
    func snapshot(withLedger: Bool) -> Snapshot {
        var games: [BotGame] = []
        if withLedger {
            games = ledger
            for bot in bots {
                games += bot.machine.ended
                games += bot.machine.games.values.filter { $0.started && $0.seat != nil }.sorted { $0.id < $1.id }
            }
        }
        return Snapshot(
            statistics: stats, openConnections: openConnections,
            unfinishedGames: bots.reduce(0) { $0 + ($1.machine.hasUnfinishedGame ? 1 : 0) },
            idleBots: bots.reduce(0) { $0 + ($1.machine.isIdleAfterWindDown ? 1 : 0) },
            ledger: games)
    }

    /// Stops every bot and the sweep.
    func stopAll() {
        if let sweepTimer { loop.cancel(sweepTimer) }
        sweepTimer = nil
        for bot in bots { bot.stop() }
    }
}
