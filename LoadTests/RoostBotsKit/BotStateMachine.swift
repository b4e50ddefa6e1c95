import Client
import Games
import Protocol

/// One bot's brain as a pure value: the shell (`BotShell` in roost-bots) hands it what the
/// `RoostClient` reports and performs the `BotAction`s it returns; tests drive it with messages
/// and no sockets. It logs in, follows the lobby, quick-plays the configured kinds in turn and
/// plays each game to the end, counting what it sees into a `RunStatistics`.
///
/// Moves: Connect Four moves when an update says it is the bot's turn; Cycles turns only when
/// `CyclesStrategy` says so, at most one turn in flight (sent, or acknowledged but not yet shown
/// by a tick), which keeps the bot far inside the message rate and never queues two turns.
/// Every move carries a cid, so every accepted move is acknowledged, timed, and ledgered.
public struct BotStateMachine {
    /// A request the bot asks the shell to send; the shell reports the cid back with `sent(_:cid:at:)`.
    public enum Request: Hashable, Sendable {
        case login
        case subscribeLobby
        case unsubscribeLobby
        case quickplay(kind: String)
        case move(game: String, move: Int)
        case leave(game: String)
        case watch(game: String)
    }

    /// What the shell should do.
    public enum Action: Hashable, Sendable {
        /// Send `message` (with a cid) and report the cid with `sent`.
        case send(ClientMessage, Request)
        /// Call `retryTimerFired()` after `delay`.
        case retry(after: Duration)
        /// Close this session and start a new one with a fresh login (login storm).
        case restartSession
    }

    /// A move asked for (the shell may hold it back for a think time) and not yet settled.
    struct PendingMove {
        /// -1 until the shell has sent it.
        var cid: Int
        var game: String
        var move: Int
        var index: Int
        var sentAtNanoseconds: Int64
        /// Cycles: the `ok` came; the turn shows in the next tick, until which no other is sent.
        var acknowledged = false
    }

    /// The bot's nickname.
    public let name: String
    /// How it behaves.
    public let configuration: BotConfiguration
    /// The games it is in (or watches), by id.
    public private(set) var games: [String: BotGame] = [:]
    /// Games it is done with, for the run's ledger.
    public private(set) var ended: [BotGame] = []
    /// The node of the current connection (`welcome.node`).
    public private(set) var node: String?
    /// Whether the run is ending: no new games; waiting games and Cycles rounds are left.
    public private(set) var windingDown = false

    var loggedIn = false
    var subscribed = false
    var quickplayCid: Int?
    var quickplayRequested = false
    /// A quickplay was outstanding when the connection dropped and the session resumed.
    var quickplayStale = false
    var pending: PendingMove?
    /// Moves sent on a connection that dropped, by cid: their `ok` may still come in a replay.
    var unsettled: [Int: PendingMove] = [:]
    var requests: [Int: Request] = [:]
    var kindIndex: Int
    var random: SplitMix64
    /// Games from a refused resume's `welcome.games` whose `game.joined` has not come yet.
    var rejoining: [String] = []
    /// Playing games seen in the lobby, for spectators.
    var watchable: [String] = []

    /// A bot called `name`; `seed` makes its random choices repeatable (and differ between bots).
    public init(name: String, configuration: BotConfiguration, seed: UInt64) {
        self.name = name
        self.configuration = configuration
        random = SplitMix64(seed: seed)
        kindIndex = Int(seed % UInt64(configuration.kinds.count))
    }

    /// Whether the bot still has a game running (one it saw start and has not seen end).
    public var hasUnfinishedGame: Bool { games.values.contains { $0.started && $0.seat != nil } }

    /// Whether the bot is done: winding down and in no game.
    public var isIdleAfterWindDown: Bool { windingDown && games.isEmpty }

    /// The think time of a Connect Four move asked for in `id` is over: the move to send now,
    /// decided again on the position as it is now (a resume's replay may have moved the game on
    /// meanwhile), or nothing when it is no longer the bot's turn or the move was already sent.
    public mutating func thinkingDone(inGame id: String) -> [Action] {
        guard let held = pending, held.cid < 0, held.game == id else { return [] }
        pending = nil
        guard let game = games[id], game.isMyConnectFourTurn, let seat = game.seat,
            let column = ConnectFourStrategy.chooseColumn(after: game.moves, seat: seat, using: &random)
        else { return [] }
        pending = PendingMove(cid: -1, game: id, move: column, index: game.moves.count, sentAtNanoseconds: 0)
        return [.send(.gameMove(game: id, move: .int(Int64(column))), .move(game: id, move: column))]
    }

    /// The age of the move waiting for its reply, if one is, in nanoseconds since `now`.
    public func pendingMoveAge(now: Int64) -> Int64? {
        guard let pending, pending.cid >= 0, !pending.acknowledged else { return nil }
        return now - pending.sentAtNanoseconds
    }

    // MARK: Session

    /// A `welcome` opened or resumed a session.
    public mutating func sessionStarted(_ start: SessionStart, stats: inout RunStatistics) -> [Action] {
        node = start.welcome.node
        if start.resumed {
            stats.resumes += 1
            // A move sent before the drop is answered in the replay, if it arrived at all; its ok
            // is still recognised (`unsettled`), but the bot does not wait for it: it decides
            // again now, and a stale decision only costs a `not_your_turn`. A move held back for
            // a think time whose send failed while offline is asked for again the same way.
            if let pending, pending.cid >= 0, !pending.acknowledged { unsettled[pending.cid] = pending }
            pending = nil
            // A quickplay whose reply is not in the replay never reached the server: ask again
            // once the replay has had time to arrive (`retryTimerFired`).
            if quickplayRequested {
                quickplayStale = true
                return resumeWork() + [.retry(after: configuration.retryDelay * 2)]
            }
            return resumeWork()
        }
        stats.sessionsStarted += 1
        if let reason = start.refusedReason { stats.resumesRefused[reason, default: 0] += 1 }
        // A new session: replies to requests of the old one will never come.
        if let cid = pending?.cid, cid >= 0, pending?.acknowledged == false { stats.movesUnanswered += 1 }
        stats.movesUnanswered += unsettled.count
        pending = nil
        unsettled = [:]
        requests = [:]
        quickplayCid = nil
        if quickplayRequested && !start.welcome.games.isEmpty { quickplayRequested = false }
        // Games the server no longer seats us in ended while we were away (or their node died).
        for id in games.keys.sorted() where !start.welcome.games.contains(id) && games[id]?.seat != nil {
            vanish(id, stats: &stats)
        }
        rejoining = start.welcome.games
        for id in games.keys.sorted() where games[id]?.seat == nil { games[id] = nil }
        guard start.welcome.player != nil else {
            // RoostClient logs in again itself after a refused token, once it knows a name.
            return loggedIn ? [] : [.send(.login(name: name), .login)]
        }
        // `subscribed` stays as it was: the client's follow-ups restore the old session's lobby.
        loggedIn = true
        return resumeWork()
    }

    /// After a session (re)opened: the leaves of a wind-down that could not be sent while offline,
    /// the moves of the games the bot is in, and the next quickplay if it is in none.
    private mutating func resumeWork() -> [Action] {
        var actions = windingDown ? leaves() : []
        // Connect Four only: its move is decided afresh when the think time ends (`thinkingDone`),
        // after the replay has arrived. Cycles turns are driven by the next tick, whose heading is
        // current; a turn decided now on a stale heading could come out as the illegal reverse.
        for id in games.keys.sorted() where games[id]?.isConnectFour == true { actions += play(id, at: 0) }
        return actions + nextGame()
    }

    /// Leaves for every game the wind-down gives up: waiting ones, Cycles rounds, watched games.
    private func leaves() -> [Action] {
        games.values.sorted { $0.id < $1.id }
            .filter { !$0.started || !$0.isConnectFour || $0.seat == nil }
            .map { .send(.gameLeave(game: $0.id), .leave(game: $0.id)) }
    }

    /// The connection ended (`nil` code: dropped without a close frame).
    public mutating func connectionEnded(code: UInt16?, stats: inout RunStatistics) {
        stats.recordClose(code: code)
    }

    /// The shell sent `request` with `cid` at `now` (nanoseconds); `nil` cid: it could not be sent.
    public mutating func sent(_ request: Request, cid: Int?, at now: Int64, stats: inout RunStatistics) {
        guard let cid else {
            if case .quickplay = request { quickplayRequested = false }
            if case .move = request { pending = nil }
            return
        }
        requests[cid] = request
        switch request {
        case .quickplay:
            quickplayCid = cid
        case .move:
            stats.movesSent += 1
            pending?.cid = cid
            pending?.sentAtNanoseconds = now
        default:
            break
        }
    }

    /// The timer of a `.retry` action fired.
    public mutating func retryTimerFired() -> [Action] {
        if quickplayStale && games.isEmpty {
            quickplayStale = false
            quickplayRequested = false
            quickplayCid = nil
        }
        return nextGame()
    }

    /// The run's time is up: start no new game, leave waiting games and give up Cycles rounds
    /// (which can run for minutes); Connect Four games are played out.
    public mutating func windDown(stats: inout RunStatistics) -> [Action] {
        windingDown = true
        return leaves()
    }

    // MARK: Messages

    /// A server message arrived at `now` (nanoseconds).
    public mutating func received(_ message: ReceivedMessage, at now: Int64, stats: inout RunStatistics) -> [Action] {
        stats.messagesReceived += 1
        if case .lobbyEvent = message.message { stats.lobbyEventsReceived += 1 }
        switch message.message {
        case .loginOK:
            stats.logins += 1
            loggedIn = true
            if !subscribed && configuration.lobby == .always {
                subscribed = true
                return [.send(.lobbySubscribe(kind: nil), .subscribeLobby)] + nextGame()
            }
            return nextGame()
        case .ok(let cid):
            return acknowledged(cid: cid, at: now, stats: &stats)
        case .error(let error):
            return failed(error, stats: &stats)
        case .gameJoined(let cid, let joined):
            return joinedGame(joined, cid: cid, stats: &stats)
        case .gameStarted(let id, _, let snapshot):
            guard var game = games[id] else { return [] }
            game.load(snapshot: snapshot)
            if !game.started { stats.gamesStarted[game.kind, default: 0] += 1 }
            game.started = true
            games[id] = game
            return play(id, at: now)
        case .gameUpdate(let id, let update):
            // In place (the dictionary's modify accessor): a copy out and back would copy the
            // Cycles arena's walls on every tick.
            guard games[id] != nil else { return [] }
            games[id]!.apply(update: update)
            if update["k"]?.stringValue == "tick", let pending, pending.game == id, pending.acknowledged {
                self.pending = nil
            }
            return play(id, at: now)
        case .gameFinished(let id, let outcome, let result):
            return finished(id, outcome: outcome, resultID: result, stats: &stats)
        case .lobbySnapshot where configuration.role != .spectator, .lobbyEvent where configuration.role != .spectator:
            // Every bot follows the lobby, so each lobby event reaches every bot: players ignore
            // them at once (bookkeeping here showed up as 10 % of roost-bots' CPU at 1,000 bots).
            return []
        case .lobbySnapshot(_, _, let list):
            watchable = Array(list.filter { $0.state == .playing }.map(\.id).suffix(64))
            return watchSomething()
        case .lobbyEvent(_, let event):
            switch event {
            case .started(let listed) where !watchable.contains(listed.id):
                watchable.append(listed.id)
                if watchable.count > 64 { watchable.removeFirst() }
            case .finished, .removed:
                watchable.removeAll { $0 == event.gameID }
            default:
                break
            }
            return watchSomething()
        default:
            return []
        }
    }

    private mutating func acknowledged(cid: Int, at now: Int64, stats: inout RunStatistics) -> [Action] {
        let request = requests.removeValue(forKey: cid)
        if pending?.cid != cid, let earlier = unsettled.removeValue(forKey: cid), var game = games[earlier.game] {
            // The reply to a move sent before a drop, replayed after the resume.
            let micros = UInt64(max(0, now - earlier.sentAtNanoseconds) / 1000)
            stats.recordAcknowledgedMove(roundTripMicroseconds: micros, forwarded: game.ownerNode != nil && game.ownerNode != node)
            game.acknowledged.append(.init(index: game.isConnectFour ? earlier.index : -1, move: earlier.move))
            games[earlier.game] = game
            return []
        }
        if let pending, pending.cid == cid, var game = games[pending.game] {
            let micros = UInt64(max(0, now - pending.sentAtNanoseconds) / 1000)
            let forwarded = game.ownerNode != nil && node != nil && game.ownerNode != node
            stats.recordAcknowledgedMove(roundTripMicroseconds: micros, forwarded: forwarded)
            game.acknowledged.append(.init(index: game.isConnectFour ? pending.index : -1, move: pending.move))
            games[pending.game] = game
            if game.isConnectFour { self.pending = nil } else { self.pending?.acknowledged = true }
            return []
        }
        if case .leave(let id)? = request, let game = games[id] {
            if game.started && game.seat != nil { stats.gamesForfeitedAtEnd[game.kind, default: 0] += 1 }
            end(id, as: .left)
            return nextGame()
        }
        return []
    }

    private mutating func failed(_ error: ProtocolError, stats: inout RunStatistics) -> [Action] {
        stats.record(error: error.code)
        let request = error.cid.flatMap { requests.removeValue(forKey: $0) }
        if let pending, error.cid == pending.cid {
            self.pending = nil
            return []
        }
        if let cid = error.cid, unsettled.removeValue(forKey: cid) != nil { return [] }
        switch request {
        case .quickplay?:
            quickplayCid = nil
            quickplayRequested = false
            quickplayStale = false
            return [.retry(after: configuration.retryDelay)]
        case .watch(let id)?:
            games[id] = nil
            return watchSomething()
        case .leave(let id)?:
            // Already over, or already left by a leave whose ok was lost with a connection.
            if games[id]?.started == true { end(id, as: .left) } else { games[id] = nil }
            return nextGame()
        case nil where (error.code == .unknownGame || error.code == .gameOver) && !rejoining.isEmpty:
            // A follow-up `game.join` of a refused resume found the game gone.
            vanish(rejoining.removeFirst(), stats: &stats)
            return nextGame()
        default:
            return []
        }
    }

    private mutating func joinedGame(_ joined: ServerMessage.GameJoined, cid: Int?, stats: inout RunStatistics) -> [Action] {
        rejoining.removeAll { $0 == joined.game }
        var actions: [Action] = []
        // A seat from a quickplay (or its replayed reply after a resume, whose cid the bot
        // matched on the old connection): the quickplay is answered.
        if joined.seat != nil && quickplayRequested && (cid == quickplayCid || quickplayStale || quickplayCid == nil) {
            quickplayCid = nil
            quickplayRequested = false
            quickplayStale = false
            if configuration.lobby == .betweenGames && subscribed {
                subscribed = false
                actions.append(.send(.lobbyUnsubscribe, .unsubscribeLobby))
            }
        }
        if let cid { requests[cid] = nil }
        var game = games[joined.game] ?? BotGame(id: joined.game, kind: joined.kind, seat: joined.seat)
        game.seat = joined.seat
        if joined.state == .playing, game.load(snapshot: joined.snapshot) {
            if !game.started && joined.seat != nil { stats.gamesStarted[game.kind, default: 0] += 1 }
            game.started = true
        }
        games[joined.game] = game
        if windingDown && (!game.started || !game.isConnectFour) {
            return actions + [.send(.gameLeave(game: game.id), .leave(game: game.id))]
        }
        return actions + play(joined.game, at: 0)
    }

    private mutating func finished(_ id: String, outcome: JSONValue, resultID: String?, stats: inout RunStatistics) -> [Action] {
        guard let game = games[id] else {
            // The news of a game that vanished at a new session's welcome: its node died with the
            // old session, and the new session is told after the welcome (spec §5, game.finished).
            if let index = ended.lastIndex(where: { $0.id == id && $0.end == .vanished }) {
                let result = outcome["result"]?.stringValue ?? "unknown"
                ended[index].end = .finished(result: result, reason: outcome["reason"]?.stringValue ?? "unknown", resultID: resultID)
                stats.gamesVanished -= 1
                stats.recordFinished(kind: ended[index].kind, result: result, reason: outcome["reason"]?.stringValue ?? "unknown")
            }
            return []
        }
        let result = outcome["result"]?.stringValue ?? "unknown"
        let reason = outcome["reason"]?.stringValue ?? "unknown"
        if game.seat != nil {
            stats.recordFinished(kind: game.kind, result: result, reason: reason)
            // An aborted game's moves die with its node (spec §5, game.finished): nothing to lose.
            if result != "aborted" { stats.acknowledgedMovesLost += game.acknowledgedMovesMissing.count }
        } else {
            stats.gamesWatched += 1
        }
        if pending?.game == id { pending = nil }
        end(id, as: .finished(result: result, reason: reason, resultID: resultID))
        if game.seat != nil && configuration.freshSessionPerGame && !windingDown && games.isEmpty {
            return [.restartSession]
        }
        return configuration.role == .spectator ? watchSomething() : nextGame()
    }

    // MARK: Playing

    /// The move to make in `id` now, if any.
    private mutating func play(_ id: String, at now: Int64) -> [Action] {
        guard let game = games[id], game.started, game.end == nil, let seat = game.seat, pending == nil else { return [] }
        if game.isConnectFour {
            guard game.isMyConnectFourTurn,
                let column = ConnectFourStrategy.chooseColumn(after: game.moves, seat: seat, using: &random)
            else { return [] }
            pending = PendingMove(cid: -1, game: id, move: column, index: game.moves.count, sentAtNanoseconds: now)
            return [.send(.gameMove(game: id, move: .int(Int64(column))), .move(game: id, move: column))]
        }
        guard let arena = game.arena, !arena.isCountingDown || arena.tick + 1 >= arena.countdownTicks,
            let turn = CyclesStrategy.chooseTurn(in: arena, seat: seat, using: &random)
        else { return [] }
        pending = PendingMove(cid: -1, game: id, move: turn.rawValue, index: -1, sentAtNanoseconds: now)
        return [.send(.gameMove(game: id, move: .string(turn.name)), .move(game: id, move: turn.rawValue))]
    }

    /// Quick-plays the next kind when the bot is a player in no game and may start one.
    private mutating func nextGame() -> [Action] {
        guard configuration.role == .player else { return configuration.role == .spectator ? watchSomething() : [] }
        guard loggedIn, !windingDown, games.isEmpty, rejoining.isEmpty, !quickplayRequested else { return [] }
        let kind = configuration.kinds[kindIndex % configuration.kinds.count]
        kindIndex += 1
        quickplayRequested = true
        var actions: [Action] = []
        if configuration.lobby == .betweenGames && !subscribed {
            subscribed = true
            actions.append(.send(.lobbySubscribe(kind: nil), .subscribeLobby))
        }
        return actions + [.send(.quickplay(kind: kind), .quickplay(kind: kind))]
    }

    /// Spectators: join a running game from the lobby when watching none.
    private mutating func watchSomething() -> [Action] {
        guard configuration.role == .spectator, loggedIn, !windingDown, games.isEmpty, !watchable.isEmpty else { return [] }
        let id = watchable.remove(at: Int(random.next() % UInt64(watchable.count)))
        games[id] = BotGame(id: id, kind: "unknown", seat: nil)
        return [.send(.gameJoin(target: .game(id), role: .spectator), .watch(game: id))]
    }

    private mutating func end(_ id: String, as end: BotGame.End) {
        guard var game = games.removeValue(forKey: id) else { return }
        game.end = end
        game.arena = nil  // the ledger keeps moves, not the grid
        if game.seat != nil && game.started { ended.append(game) }
    }

    private mutating func vanish(_ id: String, stats: inout RunStatistics) {
        guard let game = games[id] else { return }
        if game.started { stats.gamesVanished += 1 }
        if pending?.game == id { pending = nil }
        if game.started { end(id, as: .vanished) } else { games[id] = nil }
    }
}
