import Games
import Identity
import Protocol

/// What a session does with each request (spec §4). Requests for a game go to the game's shard;
/// lobby requests go to shard 0. Everything that fails here answers with a typed error.
extension Session {
    /// A request from the client, read on the connection at `link`.
    func handle(cid: Int?, _ message: ClientMessage, from link: LinkAddress) {
        guard self.link == link else { return }  // a replaced connection's late message
        switch message {
        case .hello:
            fail(cid: cid, .unexpectedHello, "this connection already has a session")
        case .ping:
            sendUnsequenced(.pong(cid: cid, at: NodeContext.wallClockMilliseconds()))
        case .login(let name):
            login(cid: cid, name: name)
        case .lobbySubscribe(let kind):
            subscribeToLobby(cid: cid, kind: kind)
        case .leaderboardGet(let query):
            answerLeaderboard(cid: cid, query)
        case .lobbyUnsubscribe:
            followsLobby = false
            let address = address
            shard.run(on: 0) { $0.lobby!.unsubscribe(address) }
            if let cid { reply(.ok(cid: cid)) }
        default:
            guard let player = playerInfo else {
                return fail(cid: cid, .notLoggedIn, "log in first: send login with a nickname")
            }
            handleAsPlayer(cid: cid, message, player: player)
        }
    }

    private func handleAsPlayer(cid: Int?, _ message: ClientMessage, player: PlayerInfo) {
        let from = address
        switch message {
        case .gameCreate(let create):
            createGame(cid: cid, create, player: player)
        case .gameJoin(.game(let game), let role):
            if role == .player, let refusal = seatLimitRefusal(for: game) { return fail(cid: cid, .tooManyGames, refusal) }
            sendToGame(game, cid: cid, .join(game: game, session: from, player: player, role: role, viaInvite: false, cid: cid))
        case .gameJoin(.invite(let code), let role):
            if role == .player, let refusal = seatLimitRefusal(for: nil) { return fail(cid: cid, .tooManyGames, refusal) }
            shard.run(on: 0) { $0.lobby!.join(invite: code, from, player: player, role: role, cid: cid) }
        case .quickplay(let kind):
            guard shard.node.registry.kind(named: kind) != nil else {
                return fail(cid: cid, .unknownKind, "no game kind \"\(kind)\"")
            }
            if let refusal = seatLimitRefusal(for: nil) { return fail(cid: cid, .tooManyGames, refusal) }
            shard.run(on: 0) { $0.lobby!.quickplay(kind: kind, from, player: player, cid: cid) }
        case .gameMove(let game, let move):
            guard let value = GameValue(json: move) else {
                return fail(cid: cid, .malformedMove, "moves are made of integers, strings, booleans, arrays and objects")
            }
            sendToGame(game, cid: cid, .move(game: game, session: from, move: value, cid: cid))
        case .gameLeave(let game):
            sendToGame(game, cid: cid, .leave(game: game, session: from, cid: cid))
        case .chat(let room, let text):
            chat(cid: cid, room: room, text: text, player: player)
        default:
            preconditionFailure("handled before login is checked")
        }
    }

    /// Sends a request to the shard that owns `game` (on this node or another).
    private func sendToGame(_ game: String, cid: Int?, _ message: NodeMessage) {
        guard let host = shard.place(ofGame: game) else { return fail(cid: cid, .unknownGame, "no game \(game)") }
        shard.send(message, to: host)
    }

    /// Why the player may not take another seat (nil: it may). Re-taking a held seat is always fine.
    private func seatLimitRefusal(for game: String?) -> String? {
        guard let player else { return nil }
        let held = shard.node.seats.games(of: player.playerID)
        if let game, held.contains(game) { return nil }
        let limit = shard.node.configuration.maxGamesPerPlayer
        return held.count >= limit ? "you already hold seats in \(limit) games; leave one first" : nil
    }

    private func login(cid: Int?, name: String) {
        guard player == nil else { return fail(cid: cid, .alreadyLoggedIn, "this session is logged in already") }
        switch Nickname.validate(name) {
        case .failure(let error):
            reply(.error(ProtocolError(code: .badField, message: "name: \(error)", cid: cid, field: "name")))
        case .success(let nickname):
            let identity = PlayerIdentity(playerID: PlayerIdentity.newPlayerID(), nickname: nickname)
            logIn(identity)
            let token = shard.node.signer.issue(for: identity, now: NodeContext.wallClockMilliseconds() / 1000)
            reply(.loginOK(cid: cid, player: playerInfo!, token: token))
        }
    }

    private func subscribeToLobby(cid: Int?, kind: String?) {
        if let kind, shard.node.registry.kind(named: kind) == nil {
            return fail(cid: cid, .unknownKind, "no game kind \"\(kind)\"")
        }
        followsLobby = true
        let address = address
        shard.run(on: 0) { $0.lobby!.subscribe(address, kind: kind, cid: cid) }
    }

    private func createGame(cid: Int?, _ create: ClientMessage.GameCreate, player: PlayerInfo) {
        let registry = shard.node.registry
        guard let kind = registry.kind(named: create.kind) else {
            return fail(cid: cid, .unknownKind, "no game kind \"\(create.kind)\"")
        }
        let seats = create.seats ?? kind.minPlayers
        guard kind.seatRange.contains(seats) else {
            return fail(
                cid: cid, .badSeatCount, "\(kind.displayName) takes \(kind.minPlayers) to \(kind.maxPlayers) seats")
        }
        guard let requested = create.options.map({ GameValue(json: $0) }) ?? .null else {
            return fail(cid: cid, .invalidOptions, "options are made of integers, strings, booleans, arrays and objects")
        }
        let options: GameValue
        switch registry.resolveOptions(kind: kind.rawValue, requested) {
        case .success(let resolved): options = resolved
        case .failure(let error): return fail(cid: cid, .invalidOptions, error.description)
        }
        if let refusal = seatLimitRefusal(for: nil) { return fail(cid: cid, .tooManyGames, refusal) }
        if shard.node.isShuttingDown { return fail(cid: cid, .shuttingDown, "this node is shutting down; reconnect") }
        let setup = GameSetup(kind: kind, seats: seats, options: options, isPrivate: create.isPrivate)
        let from = address
        shard.run(on: 0) { $0.lobby!.create(setup, from, player: player, cid: cid) }
    }

    private func chat(cid: Int?, room: String, text: String, player: PlayerInfo) {
        // Only lines that would be said count toward the chat rate.
        if room == "lobby" {
            guard followsLobby else { return fail(cid: cid, .notInGame, "subscribe to the lobby to chat there") }
        } else {
            guard games[room] != nil else { return fail(cid: cid, .notInGame, "you are not in \(room)") }
        }
        guard chatRate.take(nowNanoseconds: shard.loop.now.nanoseconds) else {
            shard.node.metrics.count(.chatRate)
            let limits = shard.node.limits
            return fail(cid: cid, .rateLimited, "at most \(limits.chatPerSecond) chat line per second (burst \(limits.chatBurst))")
        }
        let line = ServerMessage.ChatLine(room: room, from: player, text: text, at: NodeContext.wallClockMilliseconds())
        if room == "lobby" {
            if let cid { reply(.ok(cid: cid)) }
            shard.run(on: 0) { $0.lobby!.chat(line) }
        } else {
            sendToGame(room, cid: cid, .gameChat(game: room, session: address, line: line, cid: cid))
        }
    }
}
