import Games
import Protocol

/// The lobby of this node, on shard 0: the games open for play or watching, numbered changes to
/// them (`rev`), the sessions following it, invite codes, and quickplay matchmaking.
///
/// Games tell the lobby about themselves (`gameChanged`); the lobby never reaches into a game.
/// Being on one loop makes matchmaking decisions sequential: two quickplays cannot both take the
/// last seat of a game, and a burst of quickplays fills one new game instead of opening many.
final class Lobby {
    /// A listed game and where it is hosted.
    private struct Entry {
        var game: LobbyGame
        let host: ShardPlace
        /// Creation order, for "the oldest waiting game" and stable listings.
        let order: Int
    }

    /// The shard that owns this object. `unowned(unsafe)`: a shard lives as long as its server
    /// and owns everything that points back to it, and a checked `unowned` costs an atomic
    /// retain on every access (9 % of the CPU at 500 Cycles games, LoadTests/README.md).
    unowned(unsafe) let shard: Shard
    private var entries: [String: Entry] = [:]
    private var invites: [String: String] = [:]
    private var nextOrder = 0
    private var quickplayNumber = 0
    private(set) var rev = 0
    /// Sessions following the lobby, with their kind filter (nil: every kind).
    private var subscribers: [SessionAddress: String?] = [:]

    init(shard: Shard) { self.shard = shard }

    // MARK: Following

    /// `lobby.subscribe`: (re)sets the filter and sends a snapshot at the current `rev`.
    func subscribe(_ session: SessionAddress, kind: String?, cid: Int?) {
        subscribers[session] = .some(kind)
        let games = entries.values
            .filter { kind == nil || $0.game.kind == kind }
            .sorted { $0.order < $1.order }
            .map(\.game)
        shard.deliver(.single(.lobbySnapshot(cid: cid, rev: rev, games: games)), to: session)
    }

    /// `lobby.unsubscribe`, or the session expired.
    func unsubscribe(_ session: SessionAddress) {
        subscribers[session] = nil
    }

    /// A chat line in the lobby room: to every follower.
    func chat(_ line: ServerMessage.ChatLine) {
        shard.deliver(.shared(PreparedServerMessage(.chat(line))), to: subscribers.keys)
    }

    // MARK: Changes from games

    /// A game changed; followers of its kind hear about it.
    func gameChanged(_ event: LobbyEvent, host: ShardPlace, invite: String?, gameID: String) {
        let kind: String
        switch event {
        case .created(let game), .seat(let game), .started(let game), .finished(let game):
            kind = game.kind
            if entries[gameID] != nil {
                entries[gameID]!.game = game
            } else {
                entries[gameID] = Entry(game: game, host: host, order: nextOrder)
                nextOrder += 1
            }
            if let invite { invites[invite] = gameID }
        case .removed(let id):
            guard let entry = entries.removeValue(forKey: id) else { return }
            kind = entry.game.kind
            if let invite { invites[invite] = nil }
        }
        rev += 1
        let message = OutboundMessage.shared(PreparedServerMessage(.lobbyEvent(rev: rev, event: event)))
        shard.deliver(message, to: subscribers.compactMap { address, filter in
            filter == nil || filter == kind ? address : nil
        })
    }

    // MARK: Joining

    /// `game.join` with an invite code.
    func join(invite code: String, _ session: SessionAddress, player: PlayerInfo, role: ClientMessage.JoinRole, cid: Int?) {
        guard let gameID = invites[code], let entry = entries[gameID] else {
            return shard.fail(session, cid: cid, .badInvite, "no game has this invite code (it may be over)")
        }
        shard.send(
            .join(game: gameID, session: session, player: player, role: role, viaInvite: true, cid: cid), to: entry.host)
    }

    /// `quickplay`: a seat in the oldest waiting public game of `kind` with one free, or a new game.
    func quickplay(kind: String, _ session: SessionAddress, player: PlayerInfo, cid: Int?) {
        let open = entries.values
            .filter {
                $0.game.kind == kind && $0.game.state == .waiting && !$0.game.isPrivate && $0.game.taken < $0.game.seats
            }
            .min { $0.order < $1.order }
        if let open {
            let id = open.game.id
            // Count the seat now, so the next quickplay looks elsewhere if this one fills the game;
            // the game's own seat event corrects the count either way.
            entries[id]!.game.taken += 1
            shard.send(
                .join(game: id, session: session, player: player, role: .player, viaInvite: false, cid: cid),
                to: open.host)
            return
        }
        // A new game on the player's own loop, listed at once (one seat counted) so that the next
        // quickplays join it rather than each opening another.
        guard let gameKind = shard.node.registry.kind(named: kind),
            case .success(let options) = shard.node.registry.resolveOptions(kind: kind, .null)
        else { return shard.fail(session, cid: cid, .unknownKind, "no game kind \"\(kind)\"") }
        let setup = GameSetup(kind: gameKind, seats: gameKind.minPlayers, options: options, isPrivate: false)
        quickplayNumber += 1
        let id = shard.node.identifiers.gameID(shard: session.shard, number: quickplayNumber, series: "q")
        let listed = LobbyGame(id: id, kind: kind, seats: setup.seats, taken: 1, state: .waiting, players: [player.name])
        entries[id] = Entry(game: listed, host: session.place, order: nextOrder)
        nextOrder += 1
        shard.run(on: session.shard) { shard in
            shard.hostGame(setup, id: id, creator: session, player: player, cid: cid)
        }
    }
}
