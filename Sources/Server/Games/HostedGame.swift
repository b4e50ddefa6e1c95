import Games
import Protocol
import Reactor
import ResultStore

/// A game on its host shard: the rules (`AnyGame`), who sits where, who watches, and the timers
/// that drive it. Everything that touches a game runs on its shard's loop.
///
/// Life: `waiting` (seats fill; the creator holds seat 0) → `playing` (the rules run; moves,
/// ticks, clocks) → `finished` (the result is committed, then everyone is told) → removed from the
/// shard and the lobby after `finishedGameLinger`. A waiting game nobody completes is abandoned
/// after `waitingGameTimeout`.
final class HostedGame {
    /// A taken seat: the player holds it; the session is how the player is reached right now.
    struct SeatHolder {
        var player: PlayerInfo
        var session: SessionAddress
        /// False while the session's connection is down (the seat is held for the grace period).
        var present = true
        /// The player left the running game (a forfeit): listed in the result, sent nothing more.
        var hasLeft = false
    }

    let id: String
    let setup: GameSetup
    let invite: String?
    /// The shard that owns this object. `unowned(unsafe)`: a shard lives as long as its server
    /// and owns everything that points back to it, and a checked `unowned` costs an atomic
    /// retain on every access (9 % of the CPU at 500 Cycles games, LoadTests/README.md).
    unowned(unsafe) let shard: Shard
    private(set) var state = GameState.waiting
    private(set) var rules: AnyGame?
    private(set) var holders: [SeatHolder?] { didSet { refreshAudience() } }
    private(set) var spectators: [SessionAddress: PlayerInfo] = [:] { didSet { refreshAudience() } }
    /// Every session that hears the game: seated players who have not left (present or not) and
    /// spectators. Kept up to date as seats change, so a tick's broadcast allocates nothing.
    private(set) var audience: [SessionAddress] = []
    private var startedAt: Int64 = 0
    /// When the game was opened (wall clock, ms): quickplay fills the oldest waiting game first.
    let createdAt = NodeContext.wallClockMilliseconds()
    private var deadlineTimer: TimerID?
    private var lifeTimer: TimerID?
    /// Updates of the final step, held back until the result is committed (spec: players learn the
    /// outcome only once it is durable).
    private var heldUpdates: [GameValue] = []

    init(id: String, setup: GameSetup, shard: Shard) {
        self.id = id
        self.setup = setup
        self.shard = shard
        invite = setup.isPrivate ? Identifiers.inviteCode() : nil
        holders = Array(repeating: nil, count: setup.seats)
        lifeTimer = shard.loop.schedule(after: shard.node.configuration.waitingGameTimeout) { [shard, id] in
            shard.games[id]?.abandonIfWaiting()
        }
    }

    var kind: GameKind { setup.kind }

    private func refreshAudience() {
        audience = holders.compactMap { $0?.hasLeft == false ? $0?.session : nil } + spectators.keys
    }

    /// Who sits where.
    var seatedPlayers: [SeatedPlayer] {
        holders.enumerated().compactMap { seat, holder in holder.map { SeatedPlayer(seat: seat, player: $0.player) } }
    }

    /// How the lobby shows the game.
    var lobbyEntry: LobbyGame {
        LobbyGame(
            id: id, kind: kind.rawValue, seats: setup.seats, taken: holders.compactMap { $0 }.count, state: state,
            isPrivate: setup.isPrivate, players: holders.compactMap { $0?.player.name })
    }

    private var nowMilliseconds: Int64 { shard.loop.now.nanoseconds / 1_000_000 }

    private func seat(of session: SessionAddress) -> Int? {
        holders.firstIndex { $0?.session == session && $0?.hasLeft == false }
    }

    // MARK: Joining and leaving

    /// `game.join` (and the creator's first seat, and quickplay).
    func join(_ session: SessionAddress, player: PlayerInfo, role: ClientMessage.JoinRole, viaInvite: Bool, cid: Int?) {
        if seat(of: session) != nil || spectators[session] != nil {
            return shard.fail(session, cid: cid, .alreadyInGame, "you are already in this game")
        }
        if role == .spectator {
            spectators[session] = player
            return sendJoined(to: session, seat: nil, cid: cid)
        }
        // A player who holds a seat (from a session that could not be resumed) takes it back.
        if let held = holders.firstIndex(where: { $0?.player.id == player.id && $0?.hasLeft == false }) {
            let previous = holders[held]!.session
            holders[held]!.session = session
            holders[held]!.present = true
            if previous != session {
                shard.send(.membership(session: previous.id, change: .left(game: id)), to: previous.place)
            }
            sendJoined(to: session, seat: held, cid: cid)
            broadcast(.gamePlayer(game: id, seat: held, player: player, status: .back), except: session)
            return
        }
        guard state == .waiting else {
            return shard.fail(session, cid: cid, state == .finished ? .gameOver : .gameFull, "the game has started")
        }
        if setup.isPrivate && !viaInvite {
            return shard.fail(session, cid: cid, .inviteRequired, "this game is private: join with its invite code")
        }
        guard let free = holders.firstIndex(where: { $0 == nil }) else {
            return shard.fail(session, cid: cid, .gameFull, "every seat is taken")
        }
        take(free, session, player: player, cid: cid)
        if holders.allSatisfy({ $0 != nil }) {
            start()
        } else {
            announce(.seat(lobbyEntry))
        }
    }

    /// Seats the creator in seat 0 and lists the game in the lobby.
    func open(creator: SessionAddress, player: PlayerInfo, cid: Int?) {
        take(0, creator, player: player, cid: cid)
        announce(.created(lobbyEntry))
        if holders.allSatisfy({ $0 != nil }) { start() }
    }

    private func take(_ seat: Int, _ session: SessionAddress, player: PlayerInfo, cid: Int?) {
        holders[seat] = SeatHolder(player: player, session: session)
        shard.node.seats.take(player: player.id, game: id)
        sendJoined(to: session, seat: seat, cid: cid)
        broadcast(.gamePlayer(game: id, seat: seat, player: player, status: .joined), except: session)
    }

    private func sendJoined(to session: SessionAddress, seat: Int?, cid: Int?) {
        let snapshot = rules.map { $0.snapshot(nowMilliseconds: nowMilliseconds).json } ?? .null
        let joined = ServerMessage.GameJoined(
            game: id, kind: kind.rawValue, seat: seat, seats: setup.seats, state: state, players: seatedPlayers,
            snapshot: snapshot, invite: seat == nil ? nil : invite)
        shard.deliver(.single(.gameJoined(cid: cid, joined)), to: session, membership: .joined(game: id, seat: seat))
    }

    /// `game.leave`: a seat is given up (a forfeit once playing) or a spectator stops watching.
    func leave(_ session: SessionAddress, cid: Int?) {
        if spectators.removeValue(forKey: session) != nil {
            return acknowledge(session, cid: cid, membership: .left(game: id))
        }
        guard let seat = seat(of: session) else {
            return shard.fail(session, cid: cid, .notInGame, "you are not in this game")
        }
        acknowledge(session, cid: cid, membership: .left(game: id))
        vacate(seat)
    }

    private func acknowledge(_ session: SessionAddress, cid: Int?, membership: MembershipChange?) {
        if let cid {
            shard.deliver(.single(.ok(cid: cid)), to: session, membership: membership)
        } else if let membership {
            // No cid, no ok; the session still has to forget the game.
            shard.send(.membership(session: session.id, change: membership), to: session.place)
        }
    }

    /// The player in `seat` is gone for good.
    private func vacate(_ seat: Int) {
        guard let holder = holders[seat] else { return }
        switch state {
        case .waiting:
            holders[seat] = nil
            shard.node.seats.release(player: holder.player.id, game: id)
            broadcast(.gamePlayer(game: id, seat: seat, player: holder.player, status: .left))
            if holders.allSatisfy({ $0 == nil }) {
                close(reason: .aborted)
            } else {
                announce(.seat(lobbyEntry))
            }
        case .playing:
            holders[seat]!.present = false
            holders[seat]!.hasLeft = true
            shard.node.seats.release(player: holder.player.id, game: id)
            broadcast(.gamePlayer(game: id, seat: seat, player: holder.player, status: .left))
            step { $0.forfeit(Seat(seat), nowMilliseconds: nowMilliseconds) }
        case .finished:
            break
        }
    }

    /// A session in the game lost its connection.
    func sessionAway(_ session: SessionAddress) {
        guard let seat = seat(of: session), let holder = holders[seat], state != .finished else { return }
        holders[seat]!.present = false
        broadcast(.gamePlayer(game: id, seat: seat, player: holder.player, status: .away), except: session)
    }

    /// A session in the game resumed.
    func sessionReturned(_ session: SessionAddress) {
        guard let seat = seat(of: session), let holder = holders[seat], state != .finished else { return }
        holders[seat]!.present = true
        broadcast(.gamePlayer(game: id, seat: seat, player: holder.player, status: .back), except: session)
    }

    /// The node `name` is gone: its sessions' seats are held for the grace period (the players may
    /// come back through another node and take them back), its spectators stop watching.
    func nodeGone(_ name: String) {
        for session in spectators.keys where session.node == name { spectators[session] = nil }
        for (seat, holder) in holders.enumerated() {
            guard let holder, holder.session.node == name, !holder.hasLeft else { continue }
            sessionAway(holder.session)
            let grace = Duration.milliseconds(shard.node.limits.resumeGraceMilliseconds)
            shard.loop.schedule(after: grace) { [shard, id, gone = holder.session] in
                guard let game = shard.games[id], game.holders[seat]?.session == gone else { return }
                game.sessionGone(gone)
            }
        }
    }

    /// A session's grace period ended: its seat is given up, or it stops watching.
    func sessionGone(_ session: SessionAddress) {
        spectators[session] = nil
        if let seat = seat(of: session) { vacate(seat) }
    }

    // MARK: Play

    private func start() {
        switch shard.node.registry.makeGame(
            kind: kind.rawValue, seats: setup.seats, seed: UInt64.random(in: .min ... .max),
            options: setup.options, nowMilliseconds: nowMilliseconds)
        {
        case .success(let game): rules = game
        case .failure(let error): preconditionFailure("options were checked at creation: \(error)")
        }
        state = .playing
        startedAt = shard.node.configuration.jobClock.milliseconds()
        if let lifeTimer { shard.loop.cancel(lifeTimer) }
        lifeTimer = nil
        let snapshot = rules!.snapshot(nowMilliseconds: nowMilliseconds).json
        broadcast(.gameStarted(game: id, players: seatedPlayers, snapshot: snapshot))
        announce(.started(lobbyEntry))
        if kind.isRealTime {
            shard.ticks.add(self)
        } else {
            armDeadline()
        }
    }

    /// `game.move` from `session`.
    func move(_ move: GameValue, from session: SessionAddress, cid: Int?) {
        guard let seat = seat(of: session) else {
            if spectators[session] != nil {
                return shard.fail(session, cid: cid, .notAPlayer, MoveRejection.notAPlayer.message)
            }
            return shard.fail(session, cid: cid, .notInGame, "you are not in this game")
        }
        guard state == .playing, rules != nil else {
            if state == .finished { return shard.fail(session, cid: cid, .gameOver, MoveRejection.gameOver.message) }
            return shard.fail(session, cid: cid, .notYourTurn, "the game has not started: waiting for players")
        }
        switch rules!.apply(move, from: Seat(seat), nowMilliseconds: nowMilliseconds) {
        case .failure(let rejection):
            shard.fail(session, cid: cid, ErrorCode(rejection.code), rejection.message)
        case .success(let updates):
            if let cid { shard.deliver(.single(.ok(cid: cid)), to: session) }
            publish(updates)
        }
    }

    /// One tick of a real-time game (called by the shard's `TickWheel`).
    func tick() {
        guard state == .playing else { return }
        step { $0.advance(nowMilliseconds: nowMilliseconds) }
    }

    /// A chat line in the game's room.
    func chat(_ line: ServerMessage.ChatLine, from session: SessionAddress, cid: Int?) {
        guard seat(of: session) != nil || spectators[session] != nil else {
            return shard.fail(session, cid: cid, .notInGame, "you are not in this game")
        }
        if let cid { shard.deliver(.single(.ok(cid: cid)), to: session) }
        broadcast(.chat(line))
    }

    /// Runs one change of the rules and sends what it produced.
    private func step(_ change: (inout AnyGame) -> [GameValue]) {
        guard rules != nil else { return }
        publish(change(&rules!))
    }

    /// Sends `updates`, unless the game just ended: then they wait for the result's commit.
    private func publish(_ updates: [GameValue]) {
        guard let outcome = rules?.outcome else {
            for update in updates { broadcastUpdate(update) }
            if !kind.isRealTime { armDeadline() }
            return
        }
        heldUpdates = updates
        finish(outcome)
    }

    private func broadcastUpdate(_ update: GameValue) {
        shard.deliver(.shared(PreparedServerMessage(gameUpdate: id, update: update.jsonFragment)), to: audience)
    }

    /// Turn-based games: wake at the move clock's deadline.
    private func armDeadline() {
        if let deadlineTimer { shard.loop.cancel(deadlineTimer) }
        deadlineTimer = nil
        guard let deadline = rules?.nextDeadlineMilliseconds else { return }
        let instant = MonotonicInstant(nanoseconds: deadline * 1_000_000)
        deadlineTimer = shard.loop.schedule(at: instant) { [shard, id] in
            shard.games[id]?.deadlinePassed()
        }
    }

    /// The move clock's deadline came: the rules decide (a player out of time loses).
    private func deadlinePassed() {
        deadlineTimer = nil
        step { $0.advance(nowMilliseconds: nowMilliseconds) }
    }

    // MARK: The end

    private func finish(_ outcome: GameOutcome) {
        state = .finished
        if let deadlineTimer { shard.loop.cancel(deadlineTimer) }
        deadlineTimer = nil
        if kind.isRealTime { shard.ticks.remove(self) }
        guard outcome.verdict != .aborted else {
            return tellFinished(outcome, resultID: nil)
        }
        let result = NewGameResult(
            gameID: id, kind: kind.rawValue,
            players: holders.enumerated().compactMap { seat, holder in
                holder.map { ResultPlayer(seat: seat, playerID: $0.player.id, nickname: $0.player.name) }
            },
            outcome: outcome.winner != nil ? .win : .draw,
            winners: outcome.winner.map { [$0.index] } ?? [],
            moves: rules?.movesPlayed ?? 0, startedAtMilliseconds: startedAt,
            endedAtMilliseconds: shard.node.configuration.jobClock.milliseconds())
        commit(result, outcome: outcome, attempt: 1)
    }

    private func commit(_ result: NewGameResult, outcome: GameOutcome, attempt: Int) {
        let id = id
        shard.node.results.submit(result, from: shard.loop) { [shard] committed in
            guard let game = shard.games[id] else { return }
            switch committed {
            case .success(let stored):
                game.tellFinished(outcome, resultID: stored.gameID)
            case .failure where attempt < 5:
                shard.loop.schedule(after: .seconds(attempt)) {
                    shard.games[id]?.commit(result, outcome: outcome, attempt: attempt + 1)
                }
            case .failure:
                // The disk keeps refusing: tell the players the outcome without a stored result
                // rather than leave them waiting forever (counted in roost_result_commit_failures).
                game.tellFinished(outcome, resultID: nil)
            }
        }
    }

    private func tellFinished(_ outcome: GameOutcome, resultID: String?) {
        for update in heldUpdates { broadcastUpdate(update) }
        heldUpdates = []
        // "Afterwards the session is no longer in the game" (spec): it may watch again with game.join.
        broadcast(.gameFinished(game: id, outcome: outcome.gameValue.json, result: resultID), membership: .left(game: id))
        for holder in holders.compactMap({ $0 }) { shard.node.seats.release(player: holder.player.id, game: id) }
        announce(.finished(lobbyEntry))
        lifeTimer = shard.loop.schedule(after: shard.node.configuration.finishedGameLinger) { [shard, id] in
            shard.games[id]?.remove()
        }
    }

    private func abandonIfWaiting() {
        lifeTimer = nil
        guard state == .waiting else { return }
        close(reason: .aborted)
    }

    /// Ends a game that never started: everyone in it hears it is over, and it leaves the lobby.
    private func close(reason: GameEndReason) {
        state = .finished
        let outcome = GameOutcome(verdict: .aborted, reason: reason, placements: [])
        broadcast(.gameFinished(game: id, outcome: outcome.gameValue.json, result: nil), membership: .left(game: id))
        for holder in holders.compactMap({ $0 }) { shard.node.seats.release(player: holder.player.id, game: id) }
        remove()
    }

    /// Ends the game without a result (the node is shutting down).
    func abort() {
        switch state {
        case .waiting: close(reason: .aborted)
        case .playing: step { $0.abort() }
        case .finished: break
        }
    }

    private func remove() {
        if let lifeTimer { shard.loop.cancel(lifeTimer) }
        lifeTimer = nil
        for session in audience {
            shard.send(.membership(session: session.id, change: .left(game: id)), to: session.place)
        }
        shard.games[id] = nil
        announce(.removed(id: id))
    }

    // MARK: Telling others

    private func broadcast(
        _ message: ServerMessage, except excluded: SessionAddress? = nil, membership: MembershipChange? = nil
    ) {
        let prepared = OutboundMessage.shared(PreparedServerMessage(message))
        shard.deliver(prepared, to: audience.filter { $0 != excluded }, membership: membership)
    }

    /// Tells the lobby (and through it every node) how the game looks now; `event` only says why.
    private func announce(_ event: LobbyEvent) {
        let id = id
        let listed: ListedGame?
        if case .removed = event {
            listed = nil
        } else {
            listed = ListedGame(
                game: lobbyEntry, shard: shard.index, invite: invite,
                playerIDs: holders.compactMap { $0?.hasLeft == false ? $0?.player.id : nil }, createdAt: createdAt)
        }
        shard.run(on: 0) { $0.lobby!.localGameChanged(id, listed) }
    }
}
