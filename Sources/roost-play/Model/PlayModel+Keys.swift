import Client
import Protocol

extension PlayModel {
    /// Takes in a key press; returns what to send or do.
    mutating func handle(_ key: Key, now: Int64) -> [PlayCommand] {
        if key == .control("c") { return [.quit] }
        if prompt != nil { return promptKey(key) }
        switch screen {
        case .login: return loginKey(key)
        case .lobby: return lobbyKey(key)
        case .game(let id): return gameKey(key, id)
        case .leaderboard: return leaderboardKey(key)
        }
    }

    private mutating func promptKey(_ key: Key) -> [PlayCommand] {
        switch key {
        case .escape:
            prompt = nil
            promptField.clear()
        case .enter:
            let text = promptField.text.trimmingSpaces()
            let target = prompt
            prompt = nil
            promptField.clear()
            guard !text.isEmpty else { return [] }
            switch target {
            case .chat(let room)?: return [.send(.chat(room: room, text: text))]
            case .invite?: return [.send(.gameJoin(target: .invite(text), role: .player))]
            case nil: return []
            }
        default:
            promptField.handle(key)
        }
        return []
    }

    private mutating func loginKey(_ key: Key) -> [PlayCommand] {
        switch key {
        case .enter: return login()
        case .escape: return [.quit]
        default:
            nameField.handle(key)
            return []
        }
    }

    private mutating func lobbyKey(_ key: Key) -> [PlayCommand] {
        let selected = lobby.games.indices.contains(selection) ? lobby.games[selection] : nil
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, lobby.games.count - 1), selection + 1)
        case .pageUp: selection = max(0, selection - 10)
        case .pageDown: selection = min(max(0, lobby.games.count - 1), selection + 10)
        case .character("c"): return create("connect4", isPrivate: false)
        case .character("C"): return create("connect4", isPrivate: true)
        case .character("y"): return create("cycles", isPrivate: false)
        case .character("Y"): return create("cycles", isPrivate: true)
        case .character("p"): return [.send(.quickplay(kind: "connect4"))]
        case .character("P"): return [.send(.quickplay(kind: "cycles"))]
        case .enter, .character("j"): return join(selected, as: .player)
        case .character("s"): return join(selected, as: .spectator)
        case .character("i"): prompt = .invite
        case .character("t"): prompt = .chat(room: "lobby")
        case .character("g"): openNextGame()
        case .character("l"):
            screen = .leaderboard
            return requestLeaderboard()
        case .character("r"): return [.reconnectNow]
        case .character("!"): return [.dropConnection]
        case .character("q"), .escape: return [.quit]
        default: break
        }
        return []
    }

    private mutating func leaderboardKey(_ key: Key) -> [PlayCommand] {
        switch key {
        case .escape, .character("b"):
            screen = .lobby
        case .tab, .character("k"):
            leaderboardQuery.kind = leaderboardQuery.kind == "connect4" ? "cycles" : "connect4"
            return requestLeaderboard()
        case .character("a"):
            leaderboardQuery.board = leaderboardQuery.board == .allTime ? .period : .allTime
            return requestLeaderboard()
        case .character("r"):
            return requestLeaderboard()
        case .character("q"):
            return [.quit]
        default:
            break
        }
        return []
    }

    /// Asks for the board on show, with this player's neighbourhood.
    private mutating func requestLeaderboard() -> [PlayCommand] {
        leaderboard = nil
        leaderboardQuery.around = me?.id
        leaderboardQuery.radius = 2
        return [.send(.leaderboardGet(leaderboardQuery))]
    }

    private mutating func create(_ kind: String, isPrivate: Bool) -> [PlayCommand] {
        tell("creating a \(isPrivate ? "private " : "")\(GameSession.kindName(kind)) game…")
        return [.send(.gameCreate(ClientMessage.GameCreate(kind: kind, isPrivate: isPrivate)))]
    }

    private mutating func join(_ game: LobbyGame?, as role: ClientMessage.JoinRole) -> [PlayCommand] {
        guard let game else {
            warn("no game selected: create one with c or y")
            return []
        }
        if games[game.id] != nil {
            screen = .game(game.id)
            return []
        }
        return [.send(.gameJoin(target: .game(game.id), role: role))]
    }

    /// Shows the next game this terminal is in (after leaving its screen with Esc).
    private mutating func openNextGame() {
        let ids = games.keys.sorted()
        guard let first = ids.first else {
            warn("you are in no game")
            return
        }
        screen = .game(first)
    }

    private mutating func gameKey(_ key: Key, _ id: String) -> [PlayCommand] {
        guard let game = games[id] else {
            screen = .lobby
            return []
        }
        switch key {
        case .escape, .character("b"):
            screen = .lobby
            return []
        case .character("q"):
            return leave(game)
        case .character("t"):
            prompt = .chat(room: id)
            return []
        case .character("!"):
            return [.dropConnection]
        case .character("r"):
            return [.reconnectNow]
        default:
            switch game.board {
            case .connectFour: return connectFourKey(key, game)
            case .cycles(let arena): return cyclesKey(key, game, arena)
            case .other: return []
            }
        }
    }

    private mutating func leave(_ game: GameSession) -> [PlayCommand] {
        games[game.id] = nil
        screen = .lobby
        guard game.state != .finished else { return [] }
        tell(game.seat == nil ? "stopped watching" : "left the game")
        return [.send(.gameLeave(game: game.id))]
    }

    private mutating func connectFourKey(_ key: Key, _ game: GameSession) -> [PlayCommand] {
        var column = game.cursorColumn
        switch key {
        case .left, .character("a"): column = max(0, column - 1)
        case .right, .character("d"): column = min(ConnectFourPosition.columns - 1, column + 1)
        case .character(let digit) where ("1"..."7").contains(digit): column = Int(String(digit))! - 1
        case .enter, .character(" "):
            guard game.seat != nil else {
                warn("spectators cannot move")
                return []
            }
            return [.send(.gameMove(game: game.id, move: .int(Int64(column))))]
        default:
            return []
        }
        updateGame(game.id) { $0.cursorColumn = column }
        return []
    }

    private mutating func cyclesKey(_ key: Key, _ game: GameSession, _ arena: CyclesArena?) -> [PlayCommand] {
        let heading: CyclesArena.Heading
        switch key {
        case .up, .character("w"), .character("W"): heading = .north
        case .down, .character("s"), .character("S"): heading = .south
        case .left, .character("a"), .character("A"): heading = .west
        case .right, .character("d"), .character("D"): heading = .east
        default: return []
        }
        guard let seat = game.seat, game.isPlaying, let arena, arena.riding.contains(seat) || arena.isCountingDown else {
            return []
        }
        // The server takes each turn relative to the turns already queued; skip presses that would
        // change nothing or be refused (reversing), so held keys do not eat the rate limit.
        let current = game.requestedHeading ?? arena.heads[seat]?.heading
        guard heading != current, heading != current?.reversed else { return [] }
        updateGame(game.id) { $0.requestedHeading = heading }
        return [.sendWithoutCid(.gameMove(game: game.id, move: .string(heading.name)))]
    }
}
