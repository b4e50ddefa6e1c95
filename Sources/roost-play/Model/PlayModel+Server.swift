import Client
import Protocol

extension PlayModel {
    /// Takes in what the client reports; returns what to send in answer.
    mutating func handle(_ event: RoostClient.Event, now: Int64) -> [PlayCommand] {
        switch event {
        case .stateChanged(let state):
            return connectionChanged(state)
        case .sessionStarted(let start):
            sessionStarted(start)
            return []
        case .message(let message):
            return received(message.message, now: now)
        case .undecodable(_, let error):
            // A newer server's message type is skipped quietly, as the spec asks.
            if error.code != .unknownType { warn("server sent an unreadable message: \(error)") }
            return []
        case .sequenceGap(let expected, let received):
            warn("missed server messages \(expected)…\(received - 1); the view may be stale")
            return []
        case .connectFailed(let why):
            warn("could not connect: \(why)")
            return []
        }
    }

    private mutating func connectionChanged(_ state: RoostClient.State) -> [PlayCommand] {
        connection = state
        switch state {
        case .ready where loginPending && me == nil:
            return login()
        case .waitingToReconnect(_, let delay, let close):
            let why = close.map { "connection \($0)" } ?? "server unreachable"
            warn("reconnecting in \(Self.seconds(delay))… (\(why))")
        case .stopped(let close):
            warn("disconnected (\(close?.description ?? "stopped")); press r to reconnect, q to quit")
        default:
            break
        }
        return []
    }

    /// Sends the login typed (or given with --name) when the session is ready.
    mutating func login() -> [PlayCommand] {
        let name = nameField.text.trimmingSpaces()
        guard !name.isEmpty else {
            warn("type a nickname first")
            return []
        }
        loginPending = true
        guard connection == .ready else {
            tell("logging in as \(name) once connected…")
            return []
        }
        loginPending = false
        tell("logging in as \(name)…")
        return [.send(.login(name: name))]
    }

    private mutating func sessionStarted(_ start: SessionStart) {
        let hadSession = me != nil || !games.isEmpty
        if start.resumed {
            tell("reconnected: session resumed, nothing missed")
            return
        }
        let rejoining = Set(start.followUps.compactMap { request -> String? in
            if case .gameJoin(.game(let id), _) = request { return id }
            return nil
        })
        var lost = 0
        for (id, game) in games where !rejoining.contains(id) {
            games[id] = nil
            if game.state != .finished { lost += 1 }
            if screen == .game(id) { screen = .lobby }
        }
        let lostText = lost == 0 ? "" : "; \(lost) game(s) ended while offline"
        if let player = start.welcome.player {
            me = player
            if screen == .login { screen = .lobby }
            if hadSession {
                let reason = start.refusedReason.map { " (new session: \($0.replacingUnderscores()))" } ?? ""
                let rejoin = rejoining.isEmpty ? "" : "; rejoining \(rejoining.count) game(s)"
                tell("reconnected as \(player.name)\(reason)\(rejoin)\(lostText)")
            }
        } else if hadSession, let name = me?.name {
            me = nil
            warn("token refused; logging in again as \(name)…")
        }
    }

    private mutating func received(_ message: ServerMessage, now: Int64) -> [PlayCommand] {
        switch message {
        case .loginOK(_, let player, _):
            let first = me == nil && !lobbyRequested
            me = player
            loginPending = false
            if screen == .login { screen = .lobby }
            tell("logged in as \(player.name)")
            guard first else { return [] }
            lobbyRequested = true
            return [.send(.lobbySubscribe(kind: nil))]
        case .lobbySnapshot(_, let rev, let list):
            lobby.apply(snapshotAt: rev, games: list)
            clampSelection()
        case .lobbyEvent(let rev, let event):
            lobby.apply(eventAt: rev, event)
            clampSelection()
        case .gameJoined(_, let joined):
            joinedGame(joined, now: now)
        case .gamePlayer(let game, let seat, let player, let presence):
            playerChanged(game: game, seat: seat, player: player, presence: presence)
        case .gameStarted(let game, let players, let snapshot):
            updateGame(game) { session in
                session.players = players
                session.state = .playing
                session.board = GameSession.board(kind: session.kind, snapshot: snapshot)
                session.startedAt = now
                session.turnReportedAt = now
            }
            if games[game] != nil { tell("\(games[game]!.kindName) started") }
        case .gameUpdate(let game, let update):
            gameUpdated(game, update, now: now)
        case .gameFinished(let game, let outcome, _):
            updateGame(game) { session in
                session.state = .finished
                session.finished = GameResultSummary(outcome) ?? GameResultSummary(result: .aborted, reason: "aborted")
            }
            if let line = games[game]?.resultLine { tell(line) }
        case .chat(let line):
            addChat(room: line.room, from: line.from.name, text: line.text)
            if case .game(let id) = screen, id == line.room, games[id]?.kind == "cycles" {
                tell("\(line.from.name): \(line.text)")
            }
        case .leaderboard(_, let reply):
            if reply.kind == leaderboardQuery.kind && reply.board == leaderboardQuery.board { leaderboard = reply }
        case .error(let error):
            warn("✗ \(error.code): \(error.message)")
        case .welcome, .ok, .pong, .redirect:
            break
        }
        return []
    }

    private mutating func joinedGame(_ joined: ServerMessage.GameJoined, now: Int64) {
        var session = GameSession(joined, now: now)
        if let old = games[joined.game] { session.cursorColumn = old.cursorColumn }
        games[joined.game] = session
        if screen == .lobby || screen == .game(joined.game) || screen == .login { screen = .game(joined.game) }
        let role = joined.seat.map { "seat \($0 + 1)" } ?? "spectator"
        let invite = joined.invite.map { " · invite code \($0)" } ?? ""
        tell("joined \(session.kindName) as \(role)\(invite)")
    }

    private mutating func playerChanged(
        game: String, seat: Int, player: PlayerInfo, presence: ServerMessage.PresenceStatus
    ) {
        updateGame(game) { session in
            session.presence[seat] = presence
            if presence == .joined, !session.players.contains(where: { $0.seat == seat }) {
                session.players.append(SeatedPlayer(seat: seat, player: player))
                session.players.sort { $0.seat < $1.seat }
            }
        }
        guard games[game] != nil else { return }
        switch presence {
        case .joined: tell("\(player.name) joined")
        case .away: tell("\(player.name) lost connection; the seat is held")
        case .back: tell("\(player.name) is back")
        case .left: tell("\(player.name) left")
        }
    }

    private mutating func gameUpdated(_ game: String, _ update: JSONValue, now: Int64) {
        var unreadable = false
        updateGame(game) { session in
            switch session.board {
            case .connectFour(var position):
                unreadable = !position.apply(update: update)
                session.board = .connectFour(position)
                if update["k"]?.stringValue == "turn" { session.turnReportedAt = now }
            case .cycles(var arena?):
                unreadable = !arena.apply(update: update)
                session.board = .cycles(arena)
            case .cycles(nil), .other:
                break
            }
        }
        if unreadable { warn("server sent a game update this client cannot read; the board may be off") }
    }

    /// `delay` as "1.4 s".
    static func seconds(_ delay: Duration) -> String {
        let tenths = delay.components.seconds * 10 + delay.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}

extension String {
    /// Without leading and trailing spaces.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

    /// Underscores as spaces: `four_in_a_row` → "four in a row".
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
