import Cluster
import Games
import Protocol

/// The lobby as this node's clients see it, on shard 0: every game of the cluster (the replicated
/// `games` map: this node's games written here, the others' applied from their deltas), numbered
/// changes for this node's followers (`rev`), invite codes, quickplay matchmaking, and placement
/// of new games on the least-loaded node.
///
/// Games tell the lobby about themselves (`localGameChanged`); the lobby never reaches into a game.
/// Being on one loop makes matchmaking sequential on this node: two quickplays here cannot both
/// take the last seat of a game, and a burst of quickplays fills one new game instead of opening
/// many. (Quickplays on two nodes can still race for one seat; the loser gets `game_full`.)
final class Lobby {
    /// A game the lobby placed but has not heard about yet, listed at once so the next quickplays
    /// join it instead of opening more.
    private struct Pending {
        var listed: ListedGame
        let place: ShardPlace
    }

    unowned(unsafe) let shard: Shard
    private(set) var rev = 0
    /// Sessions following the lobby, with their kind filter (nil: every kind).
    private var subscribers: [SessionAddress: String?] = [:]
    private var pending: [String: Pending] = [:]
    /// Seats this lobby handed out that the game's own entry does not show yet.
    private var promisedSeats: [String: Int] = [:]
    private var createdNumber = 0
    private var placementTurn = 0
    private var chatSequence = TopicSequence()
    /// Who holds seats in games of other nodes, as last listed (to update `SeatIndex`).
    private var remoteSeats: [String: Set<String>] = [:]

    init(shard: Shard) { self.shard = shard }

    private var replicas: Replicas { shard.replicas }

    // MARK: The listing

    /// Every listed game with where it is hosted, oldest first.
    private func listing(kind: String? = nil) -> [(game: ListedGame, place: ShardPlace)] {
        var games: [String: (ListedGame, ShardPlace)] = [:]
        for (key, value, origin) in replicas.all(.games) {
            guard case .game(let listed) = value else { continue }
            // A handed-over entry counts only while the new owner's has not arrived.
            if listed.handedOver, games[key] != nil { continue }
            games[key] = (listed, ShardPlace(node: origin, shard: listed.shard))
        }
        for (key, pending) in pending where games[key] == nil { games[key] = (pending.listed, pending.place) }
        return games.values
            .filter { kind == nil || $0.0.game.kind == kind }
            .sorted { ($0.0.createdAt, $0.0.game.id) < ($1.0.createdAt, $1.0.game.id) }
            .map { (game: $0.0, place: $0.1) }
    }

    // MARK: Following

    /// `lobby.subscribe`: (re)sets the filter and sends a snapshot at the current `rev`.
    func subscribe(_ session: SessionAddress, kind: String?, cid: Int?) {
        subscribers[session] = .some(kind)
        let games = listing(kind: kind).filter { pending[$0.game.game.id] == nil }.map(\.game.game)
        shard.deliver(.single(.lobbySnapshot(cid: cid, rev: rev, games: games)), to: session)
    }

    /// `lobby.unsubscribe`, or the session expired.
    func unsubscribe(_ session: SessionAddress) {
        subscribers[session] = nil
    }

    // MARK: Changes

    /// A game of this node changed (nil: it is gone): replicate it, then tell followers.
    func localGameChanged(_ id: String, _ listed: ListedGame?) {
        if let listed {
            replicas.write(.games, upserts: [id: .game(listed)])
        } else {
            replicas.write(.games, removals: [id])
        }
    }

    /// Changes to the replicated games map, from this node or another: lobby events, seats, and
    /// where games are hosted.
    func gamesChanged(_ changes: Replicas.Changes) {
        let local = shard.node.nodeName
        for change in changes {
            switch change {
            case .upserted(let id, .game(let listed), let origin):
                pending[id] = nil
                promisedSeats[id] = nil
                if listed.handedOver {
                    // Nothing changed for players: the game goes on at its new owner.
                    route(id)
                    continue
                }
                // A finished game holds no seats, though it stays listed for a while. A game hosted
                // here (adopted from a draining node, say) keeps its seats in the index itself.
                if origin != local {
                    updateRemoteSeats(id, listed.game.state == .finished ? [] : Set(listed.playerIDs))
                } else {
                    remoteSeats[id] = nil
                }
                publish(event(for: listed.game, before: lastStates[id]), kind: listed.game.kind)
                route(id)
            case .removed(let id, .game(let listed), _):
                // The seats are as the listing that remains says (a game handed from one node to
                // another is listed by both for a moment), or gone with the last one.
                if let (host, remaining) = hostListing(id) {
                    if host.node == local {
                        remoteSeats[id] = nil
                    } else {
                        updateRemoteSeats(id, remaining.game.state == .finished ? [] : Set(remaining.playerIDs))
                    }
                } else {
                    updateRemoteSeats(id, [])
                }
                promisedSeats[id] = nil
                // A game handed from one node to another is listed by both for a moment.
                if hostOf(id) == nil { publish(.removed(id: id), kind: listed.game.kind) }
                route(id)
            default:
                break
            }
        }
    }

    // MARK: Where games are hosted

    /// Games hosted elsewhere than their id says, as last told to this node's shards.
    private var routes: [String: ShardPlace] = [:]

    /// Where the replicated list says `id` is hosted: the entry of its new owner when a hand-off
    /// left two (the old owner's is marked `handedOver`), else the only one; nil when none lists it.
    private func hostOf(_ id: String) -> ShardPlace? { hostListing(id)?.place }

    /// `hostOf(id)` with the listing there.
    private func hostListing(_ id: String) -> (place: ShardPlace, listed: ListedGame)? {
        var found: (place: ShardPlace, listed: ListedGame)?
        for (origin, part) in replicas.maps[.games]!.parts {
            guard case .game(let listed)? = part.entries[id] else { continue }
            if found == nil || (found!.listed.handedOver && !listed.handedOver) {
                found = (ShardPlace(node: origin, shard: listed.shard), listed)
            }
        }
        return found
    }

    /// Whether the replicated list shows `id` hosted elsewhere than its id says (a hand-off landed).
    func isListedElsewhere(_ id: String) -> Bool {
        guard let host = hostListing(id) else { return false }
        return host.place.node != shard.node.nodeName && !host.listed.handedOver
    }

    /// Tells this node's shards where `id` is hosted, when that is not where its id says.
    private func route(_ id: String) {
        let host = hostOf(id)
        let moved = host != nil && host != Identifiers.place(of: id, prefix: "g") ? host : nil
        guard routes[id] != moved else { return }
        routes[id] = moved
        for target in shard.node.shards.all {
            shard.send(.gameMoved(game: id, place: moved), to: target.place)
        }
    }

    /// The state the followers last saw for `id`, to name the event.
    private var lastStates: [String: GameState] = [:]

    private func event(for game: LobbyGame, before: GameState?) -> LobbyEvent {
        defer { lastStates[game.id] = game.state }
        switch (before, game.state) {
        case (nil, _): return .created(game)
        case (.waiting?, .playing): return .started(game)
        case (let old?, .finished) where old != .finished: return .finished(game)
        default: return .seat(game)
        }
    }

    private func publish(_ event: LobbyEvent, kind: String) {
        if case .removed(let id) = event { lastStates[id] = nil }
        rev += 1
        let message = OutboundMessage.shared(PreparedServerMessage(.lobbyEvent(rev: rev, event: event)))
        shard.deliver(message, to: subscribers.compactMap { address, filter in
            filter == nil || filter == kind ? address : nil
        })
    }

    private func updateRemoteSeats(_ game: String, _ players: Set<String>) {
        let previous = remoteSeats[game] ?? []
        guard previous != players else { return }
        shard.node.seats.replace(game: game, players: players, previous: previous)
        remoteSeats[game] = players.isEmpty ? nil : players
    }

    // MARK: Chat (cluster pub/sub)

    /// A chat line in the lobby room: to every follower here, and published to every other node.
    func chat(_ line: ServerMessage.ChatLine) {
        deliverChat(line)
        var writer = WireWriter()
        writer.unsigned(chatSequence.nextNumber(topic: Self.chatTopic))
        writer.string(line.room)
        writer.player(line.from)
        writer.string(line.text)
        writer.int(Int(line.at))
        shard.node.cluster.bridge?.broadcast(writer.bytes, channel: .pubSub)
    }

    static let chatTopic = "lobby.chat"

    /// A publication from `node` (lobby chat), delivered to this node's followers. Delivery is at
    /// most once: a gap is counted, and chat has no state to resynchronise.
    func receivedPublication(_ bytes: [UInt8], from node: String) {
        var reader = WireReader(bytes)
        do throws(WireError) {
            let number = try reader.unsigned()
            let line = ServerMessage.ChatLine(
                room: try reader.string(), from: try reader.player(), text: try reader.string(), at: Int64(try reader.int()))
            guard line.room == "lobby", line.text.unicodeScalars.count <= shard.node.limits.chatMaxChars else {
                throw WireError(description: "not a lobby chat line")
            }
            switch chatSequence.arrived(publisher: node, incarnation: 0, topic: Self.chatTopic, number: number) {
            case .duplicate: return
            case .afterGap(let missed): shard.node.metrics.publicationsMissed.add(Int(missed))
            case .inOrder: break
            }
            deliverChat(line)
        } catch {
            shard.node.metrics.clusterDecodeErrors.add(1)
        }
    }

    private func deliverChat(_ line: ServerMessage.ChatLine) {
        shard.deliver(.shared(PreparedServerMessage(.chat(line))), to: subscribers.keys)
    }

    // MARK: Joining and placing

    /// `game.join` with an invite code.
    func join(invite code: String, _ session: SessionAddress, player: PlayerInfo, role: ClientMessage.JoinRole, cid: Int?) {
        guard let entry = listing().first(where: { $0.game.invite == code }) else {
            return shard.fail(session, cid: cid, .badInvite, "no game has this invite code (it may be over)")
        }
        shard.send(
            .join(game: entry.game.game.id, session: session, player: player, role: role, viaInvite: true, cid: cid),
            to: entry.place)
    }

    /// `game.create`: the game goes to the least-loaded node.
    func create(_ setup: GameSetup, _ session: SessionAddress, player: PlayerInfo, cid: Int?) {
        let place = placement()
        let id = newGameID(on: place)
        shard.send(.host(game: id, setup: setup, session: session, player: player, cid: cid), to: place)
    }

    /// `quickplay`: a seat in the oldest waiting public game of `kind` with one free, or a new game.
    func quickplay(kind: String, _ session: SessionAddress, player: PlayerInfo, cid: Int?) {
        let open = listing(kind: kind).first {
            $0.game.game.state == .waiting && !$0.game.game.isPrivate
                && $0.game.game.taken + promisedSeats[$0.game.game.id, default: 0] < $0.game.game.seats
        }
        if let open {
            let id = open.game.game.id
            // Count the seat now, so the next quickplay looks elsewhere if this one fills the game;
            // the game's own entry corrects the count either way.
            promisedSeats[id, default: 0] += 1
            shard.send(.join(game: id, session: session, player: player, role: .player, viaInvite: false, cid: cid), to: open.place)
            return
        }
        guard let gameKind = shard.node.registry.kind(named: kind),
            case .success(let options) = shard.node.registry.resolveOptions(kind: kind, .null)
        else { return shard.fail(session, cid: cid, .unknownKind, "no game kind \"\(kind)\"") }
        let setup = GameSetup(kind: gameKind, seats: gameKind.minPlayers, options: options, isPrivate: false)
        let place = placement()
        let id = newGameID(on: place)
        let listed = ListedGame(
            game: LobbyGame(id: id, kind: kind, seats: setup.seats, taken: 1, state: .waiting, players: [player.name]),
            shard: place.shard, invite: nil, playerIDs: [player.id], createdAt: NodeContext.wallClockMilliseconds())
        pending[id] = Pending(listed: listed, place: place)
        shard.send(.host(game: id, setup: setup, session: session, player: player, cid: cid), to: place)
    }

    /// The shard for a new game: on the live node hosting the fewest games (this one on a tie,
    /// then by name), on its loops in turn.
    private func placement() -> ShardPlace {
        let local = shard.node.nodeName
        let live = Set(shard.node.views.members.withLock { $0 }).union([local])
        var best: (games: Int, name: String, shards: Int)?
        func rank(_ candidate: (games: Int, name: String, shards: Int)) -> (Int, Int, String) {
            (candidate.games, candidate.name == local ? 0 : 1, candidate.name)
        }
        for (node, value, _) in replicas.all(.loads) {
            guard case .load(let load) = value, live.contains(node), load.acceptsGames else { continue }
            let candidate = (games: load.games, name: node, shards: max(1, load.shards))
            if best == nil || rank(candidate) < rank(best!) { best = candidate }
        }
        let chosen = best ?? (games: 0, name: local, shards: shard.node.shards.count)
        placementTurn += 1
        return ShardPlace(node: chosen.name, shard: placementTurn % chosen.shards)
    }

    private func newGameID(on place: ShardPlace) -> String {
        createdNumber += 1
        return shard.node.identifiers.gameID(on: place, number: createdNumber)
    }
}
