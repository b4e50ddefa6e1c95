import Client
import Protocol
import RoostBotsKit
import Testing

/// One bot's life driven by server messages, with no sockets: what it sends and what it counts.
struct BotStateMachineTests {
    private var stats = RunStatistics()

    private func message(_ text: String) -> ReceivedMessage {
        guard let message = ClientEvent.decoding(text).message else { fatalError("test message does not decode: \(text)") }
        return message
    }

    private func start(player: Bool, games: [String] = [], resume: String? = nil, node: String = "n1") -> SessionStart {
        var members = #""t":"welcome","cid":0,"session":"s-1","node":"\#(node)","v":1,"caps":["resume"],"limits":{}"#
        if player { members += #","player":{"id":"p-1","name":"bot-0"}"# }
        if !games.isEmpty { members += #","games":[\#(games.map { "\"\($0)\"" }.joined(separator: ","))]"# }
        if let resume { members += resume == "ok" ? #","resume":{"ok":true,"from":1}"# : #","resume":{"ok":false,"reason":"\#(resume)"}"# }
        var session = SessionStateMachine(client: ClientIdentity.info(name: "test"))
        guard case .sessionStarted(let start) = session.received(message("{" + members + "}")) else {
            fatalError("welcome did not start a session")
        }
        return start
    }

    /// Performs `.send` actions as a shell would, numbering cids from `firstCid`; returns the requests.
    private mutating func perform(
        _ actions: [BotStateMachine.Action], on bot: inout BotStateMachine, firstCid: Int, at now: Int64 = 0
    ) -> [BotStateMachine.Request] {
        var cid = firstCid
        var requests: [BotStateMachine.Request] = []
        for case .send(_, let request) in actions {
            bot.sent(request, cid: cid, at: now, stats: &stats)
            requests.append(request)
            cid += 1
        }
        return requests
    }

    /// A bot logged in and seated in a started Connect Four game `g-n2-1` as seat `seat`.
    private mutating func seatedInConnectFour(seat: Int) -> BotStateMachine {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"]), seed: 1)
        _ = perform(bot.sessionStarted(start(player: false), stats: &stats), on: &bot, firstCid: 1)
        _ = perform(bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats), on: &bot, firstCid: 2)
        _ = bot.received(message(#"{"t":"game.joined","seq":2,"cid":3,"game":"g-n2-1","kind":"connect4","as":"player","seat":\#(seat),"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        return bot
    }

    @Test mutating func logsInFollowsTheLobbyAndQuickPlays() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"]), seed: 1)
        let first = perform(bot.sessionStarted(start(player: false), stats: &stats), on: &bot, firstCid: 1)
        #expect(first == [.login])
        let next = perform(bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats), on: &bot, firstCid: 2)
        #expect(next == [.subscribeLobby, .quickplay(kind: "connect4")])
        #expect(stats.sessionsStarted == 1 && stats.logins == 1)
    }

    @Test mutating func movesOnItsTurnAndLedgersTheAcknowledgedMove() {
        var bot = seatedInConnectFour(seat: 0)
        let started = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        let sent = perform(started, on: &bot, firstCid: 4, at: 1_000_000)
        guard case .move(let game, let column)? = sent.first else {
            Issue.record("no move on the bot's turn: \(sent)")
            return
        }
        #expect(game == "g-n2-1" && (0...6).contains(column))
        _ = bot.received(message(#"{"t":"ok","seq":4,"cid":4}"#), at: 3_000_000, stats: &stats)
        #expect(stats.movesAcknowledged == 1)
        // Connected to n1, the game is owned by n2: forwarded.
        #expect(stats.movesForwarded == 1 && stats.movesLocal == 0)
        #expect(stats.moveRoundTrip.totalCount == 1 && stats.moveRoundTrip.max >= 1999)
        #expect(bot.games["g-n2-1"]?.acknowledged == [.init(index: 0, move: column)])
    }

    @Test mutating func waitsForItsTurnAndDoesNotMoveTwice() {
        var bot = seatedInConnectFour(seat: 1)
        let started = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        #expect(started.isEmpty)
        _ = bot.received(message(#"{"t":"game.update","seq":4,"game":"g-n2-1","u":{"k":"placed","seat":0,"column":3,"row":0}}"#), at: 0, stats: &stats)
        let turn = perform(bot.received(message(#"{"t":"game.update","seq":5,"game":"g-n2-1","u":{"k":"turn","seat":1,"remaining":30000}}"#), at: 0, stats: &stats), on: &bot, firstCid: 4)
        #expect(turn.count == 1)
        // A repeated turn notice while the move is in flight sends nothing more.
        let again = bot.received(message(#"{"t":"game.update","seq":6,"game":"g-n2-1","u":{"k":"turn","seat":1,"remaining":30000}}"#), at: 0, stats: &stats)
        #expect(again.isEmpty)
    }

    @Test mutating func finishedGameIsCountedLedgeredAndFollowedByTheNextQuickplay() {
        var bot = seatedInConnectFour(seat: 0)
        _ = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":1,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        let after = perform(bot.received(message(#"{"t":"game.finished","seq":4,"game":"g-n2-1","outcome":{"result":"win","winner":1,"reason":"forfeit","placements":[[1],[0]]},"result":"r-n2-9"}"#), at: 0, stats: &stats), on: &bot, firstCid: 4)
        #expect(after == [.quickplay(kind: "connect4")])
        #expect(stats.gamesStarted == ["connect4": 1])
        #expect(stats.gamesFinished == ["connect4": ["win:forfeit": 1]])
        #expect(bot.ended.first?.end == .finished(result: "win", reason: "forfeit", resultID: "r-n2-9"))
        #expect(!bot.hasUnfinishedGame)
    }

    @Test mutating func acknowledgedMoveMissingFromTheFinalListCountsAsLost() {
        var bot = seatedInConnectFour(seat: 0)
        _ = perform(bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats), on: &bot, firstCid: 4)
        _ = bot.received(message(#"{"t":"ok","seq":4,"cid":4}"#), at: 0, stats: &stats)
        // The server never shows the disc, and ends the game with a result.
        _ = bot.received(message(#"{"t":"game.finished","seq":5,"game":"g-n2-1","outcome":{"result":"win","winner":1,"reason":"forfeit","placements":[[1],[0]]},"result":"r-1"}"#), at: 0, stats: &stats)
        #expect(stats.acknowledgedMovesLost == 1)
    }

    @Test mutating func refusedResumeVanishesGamesTheServerNoLongerSeats() {
        var bot = seatedInConnectFour(seat: 0)
        _ = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":1,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        let actions = perform(bot.sessionStarted(start(player: true, games: [], resume: "unknown_session"), stats: &stats), on: &bot, firstCid: 10)
        #expect(stats.gamesVanished == 1)
        #expect(stats.resumesRefused == ["unknown_session": 1])
        #expect(actions == [.quickplay(kind: "connect4")])
    }

    @Test mutating func theAbortOfAGameThatVanishedAtTheWelcomeSettlesIt() {
        var bot = seatedInConnectFour(seat: 0)
        _ = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":1,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        _ = perform(bot.sessionStarted(start(player: true, games: [], resume: "unknown_session"), stats: &stats), on: &bot, firstCid: 10)
        #expect(stats.gamesVanished == 1)
        // The node that hosted it died with the old session; the new session is told after its welcome.
        _ = bot.received(message(#"{"t":"game.finished","seq":1,"game":"g-n2-1","outcome":{"result":"aborted","reason":"aborted","placements":[]},"result":null}"#), at: 0, stats: &stats)
        #expect(stats.gamesVanished == 0)
        #expect(bot.ended.last?.end == .finished(result: "aborted", reason: "aborted", resultID: nil))
    }

    @Test mutating func refusedResumeWaitsForTheRejoinOfASeatedGame() {
        var bot = seatedInConnectFour(seat: 0)
        _ = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":1,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        let actions = bot.sessionStarted(start(player: true, games: ["g-n2-1"], resume: "unknown_session"), stats: &stats)
        #expect(actions.isEmpty)
        #expect(stats.gamesVanished == 0)
        // The rejoin brings a fresh snapshot in which it is the bot's turn.
        let rejoined = bot.received(message(#"{"t":"game.joined","seq":2,"cid":5,"game":"g-n2-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"playing","players":[],"snapshot":{"moves":[3],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        #expect(rejoined.count == 1)
        #expect(stats.gamesStarted == ["connect4": 1])
    }

    @Test mutating func raceErrorsAreCountedButAreNotProtocolErrors() {
        var bot = seatedInConnectFour(seat: 0)
        _ = bot.received(message(#"{"t":"error","seq":3,"cid":99,"code":"not_your_turn","message":"wait"}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"error","seq":4,"cid":98,"code":"illegal_move","message":"full"}"#), at: 0, stats: &stats)
        #expect(stats.errors == ["not_your_turn": 1, "illegal_move": 1])
        #expect(stats.protocolErrors == 1)
    }

    @Test mutating func windDownLeavesWaitingGamesAndStartsNoOther() {
        var bot = seatedInConnectFour(seat: 0)
        let actions = perform(bot.windDown(stats: &stats), on: &bot, firstCid: 4)
        #expect(actions == [.leave(game: "g-n2-1")])
        let after = bot.received(message(#"{"t":"ok","seq":3,"cid":4}"#), at: 0, stats: &stats)
        #expect(after.isEmpty)
        #expect(bot.isIdleAfterWindDown)
        #expect(bot.ended.isEmpty)  // a waiting game never started: nothing to ledger
    }

    @Test mutating func cyclesKeepsOneTurnInFlightUntilATickShowsIt() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["cycles"]), seed: 1)
        _ = perform(bot.sessionStarted(start(player: true), stats: &stats), on: &bot, firstCid: 1)
        _ = bot.received(message(#"{"t":"game.joined","seq":1,"cid":1,"game":"g-n1-7","kind":"cycles","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        // Heading north on the top row: the bot must turn.
        let snapshot = #"{"w":16,"h":16,"n":20,"start":20,"limit":1200,"cycles":[{"seat":0,"riding":true,"d":0,"trail":[5,0]},{"seat":1,"riding":true,"d":2,"trail":[10,15]}],"outcome":null}"#
        let first = perform(bot.received(message(#"{"t":"game.started","seq":2,"game":"g-n1-7","players":[],"snapshot":\#(snapshot)}"#), at: 0, stats: &stats), on: &bot, firstCid: 2)
        #expect(first.count == 1)
        // Another tick before the ok: nothing more is sent.
        let tick = #"{"t":"game.update","seq":3,"game":"g-n1-7","u":{"k":"tick","n":21,"h":[0,5,0,0,1,10,15,2]}}"#
        #expect(bot.received(message(tick), at: 0, stats: &stats).isEmpty)
        _ = bot.received(message(#"{"t":"ok","seq":4,"cid":2}"#), at: 0, stats: &stats)
        #expect(stats.movesLocal == 1)
        #expect(bot.games["g-n1-7"]?.acknowledged.first?.index == -1)
    }
}

/// Drops and resumes: the bot decides again at once, and still ledgers a replayed `ok`.
struct BotResumeTests {
    private var stats = RunStatistics()

    private func message(_ text: String) -> ReceivedMessage {
        guard let message = ClientEvent.decoding(text).message else { fatalError("test message does not decode: \(text)") }
        return message
    }

    private func resumed() -> SessionStart {
        var session = SessionStateMachine(client: ClientIdentity.info(name: "test"))
        let welcome = #"{"t":"welcome","cid":0,"session":"s-1","node":"n2","v":1,"caps":["resume"],"limits":{},"player":{"id":"p-1","name":"bot-0"},"games":["g-n2-1"],"resume":{"ok":true,"from":4}}"#
        guard case .sessionStarted(let start) = session.received(message(welcome)) else { fatalError("no session") }
        return start
    }

    @Test mutating func aMoveThatCouldNotBeSentIsAskedForAgainAfterTheResume() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"]), seed: 3)
        _ = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"game.joined","seq":2,"cid":3,"game":"g-n2-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        let move = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        guard case .send(_, let request)? = move.first else {
            Issue.record("no move")
            return
        }
        bot.sent(request, cid: nil, at: 0, stats: &stats)  // offline: not sent
        let again = bot.sessionStarted(resumed(), stats: &stats)
        #expect(again.count == 1)
        #expect(stats.resumes == 1)
    }

    @Test mutating func theOkOfAMoveSentBeforeTheDropIsStillLedgered() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"]), seed: 3)
        _ = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"game.joined","seq":2,"cid":3,"game":"g-n2-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        let move = bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        guard case .send(_, let request)? = move.first, case .move(_, let column) = request else {
            Issue.record("no move")
            return
        }
        bot.sent(request, cid: 7, at: 0, stats: &stats)
        _ = bot.sessionStarted(resumed(), stats: &stats)
        // The replay: the old move's ok, then its disc.
        _ = bot.received(message(#"{"t":"ok","seq":4,"cid":7}"#), at: 5_000_000, stats: &stats)
        #expect(stats.movesAcknowledged == 1)
        #expect(bot.games["g-n2-1"]?.acknowledged == [.init(index: 0, move: column)])
    }

    @Test mutating func aQuickplayLostWithTheConnectionIsAskedForAgain() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"], lobby: .never), seed: 3)
        let first = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        for case .send(_, let request) in first { bot.sent(request, cid: 2, at: 0, stats: &stats) }
        let resumedActions = bot.sessionStarted(resumed(), stats: &stats)
        #expect(resumedActions.contains(.retry(after: .seconds(2))))
        // The replay brought no game.joined: the quickplay never arrived.
        let again = bot.retryTimerFired()
        #expect(again.contains { if case .send(_, .quickplay) = $0 { true } else { false } })
    }

    @Test mutating func windDownLeavesThatFailedOfflineAreSentAfterTheResume() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["cycles"]), seed: 3)
        _ = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"game.joined","seq":2,"cid":3,"game":"g-n2-1","kind":"cycles","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        for case .send(_, let request) in bot.windDown(stats: &stats) { bot.sent(request, cid: nil, at: 0, stats: &stats) }
        let after = bot.sessionStarted(resumed(), stats: &stats)
        #expect(after.contains { if case .send(_, .leave(game: "g-n2-1")) = $0 { true } else { false } })
    }

    @Test mutating func aHeldBackMoveIsDecidedAgainOnThePositionAfterTheReplay() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"]), seed: 3)
        _ = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"game.joined","seq":2,"cid":3,"game":"g-n2-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        #expect(bot.received(message(#"{"t":"game.started","seq":3,"game":"g-n2-1","players":[],"snapshot":{"moves":[],"turn":0,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats).count == 1)
        // While the bot thinks, a replay shows that its earlier move went through: not its turn.
        _ = bot.received(message(#"{"t":"game.update","seq":4,"game":"g-n2-1","u":{"k":"placed","seat":0,"column":3,"row":0}}"#), at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"game.update","seq":5,"game":"g-n2-1","u":{"k":"turn","seat":1,"remaining":30000}}"#), at: 0, stats: &stats)
        #expect(bot.thinkingDone(inGame: "g-n2-1").isEmpty)
        // Its turn again: a fresh decision, at the position's current index.
        _ = bot.received(message(#"{"t":"game.update","seq":6,"game":"g-n2-1","u":{"k":"placed","seat":1,"column":3,"row":1}}"#), at: 0, stats: &stats)
        let move = bot.received(message(#"{"t":"game.update","seq":7,"game":"g-n2-1","u":{"k":"turn","seat":0,"remaining":30000}}"#), at: 0, stats: &stats)
        #expect(move.count == 1)
        let decided = bot.thinkingDone(inGame: "g-n2-1")
        guard case .send(_, let request)? = decided.first else {
            Issue.record("no move after thinking")
            return
        }
        bot.sent(request, cid: 9, at: 0, stats: &stats)
        _ = bot.received(message(#"{"t":"ok","seq":8,"cid":9}"#), at: 0, stats: &stats)
        #expect(bot.games["g-n2-1"]?.acknowledged.first?.index == 2)
    }
}

/// `--lobby between-games`: the lobby is followed only while looking for a game.
struct BotLobbyModeTests {
    private var stats = RunStatistics()

    private func message(_ text: String) -> ReceivedMessage {
        guard let message = ClientEvent.decoding(text).message else { fatalError("test message does not decode: \(text)") }
        return message
    }

    private func requests(_ actions: [BotStateMachine.Action]) -> [BotStateMachine.Request] {
        actions.compactMap { if case .send(_, let request) = $0 { request } else { nil } }
    }

    @Test mutating func unsubscribesOnceSeatedAndSubscribesAgainBeforeTheNextQuickplay() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["connect4"], lobby: .betweenGames), seed: 1)
        let first = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        #expect(requests(first) == [.subscribeLobby, .quickplay(kind: "connect4")])
        for case .send(_, let request) in first { bot.sent(request, cid: request == .subscribeLobby ? 2 : 3, at: 0, stats: &stats) }
        let seated = bot.received(message(#"{"t":"game.joined","seq":3,"cid":3,"game":"g-n1-1","kind":"connect4","as":"player","seat":0,"seats":2,"state":"waiting","players":[],"snapshot":null}"#), at: 0, stats: &stats)
        #expect(requests(seated) == [.unsubscribeLobby])
        _ = bot.received(message(#"{"t":"game.started","seq":4,"game":"g-n1-1","players":[],"snapshot":{"moves":[],"turn":1,"remaining":30000,"clock":30000,"outcome":null}}"#), at: 0, stats: &stats)
        let next = bot.received(message(#"{"t":"game.finished","seq":5,"game":"g-n1-1","outcome":{"result":"win","winner":0,"reason":"forfeit","placements":[[0],[1]]},"result":"r-1"}"#), at: 0, stats: &stats)
        #expect(requests(next) == [.subscribeLobby, .quickplay(kind: "connect4")])
    }

    @Test mutating func neverMeansNoSubscription() {
        var bot = BotStateMachine(name: "bot-0", configuration: BotConfiguration(kinds: ["cycles"], lobby: .never), seed: 1)
        let first = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        #expect(requests(first) == [.quickplay(kind: "cycles")])
    }

    @Test mutating func anIdleBotLogsInAndAsksForNothingMore() {
        var bot = BotStateMachine(name: "bot-0", configuration: Scenario.idle.configuration(forBot: 0, spectatorShare: 0), seed: 1)
        let first = bot.received(message(#"{"t":"login.ok","seq":1,"cid":1,"player":{"id":"p-1","name":"bot-0"},"token":"t"}"#), at: 0, stats: &stats)
        #expect(requests(first) == [.subscribeLobby])
        #expect(bot.retryTimerFired().isEmpty)
    }
}
