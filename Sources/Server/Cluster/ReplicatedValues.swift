import Cluster
import Protocol

/// A game as every node's lobby knows it: what clients see, and what only servers need (where it
/// is hosted, its invite, who holds its seats).
struct ListedGame: Sendable, Equatable {
    var game: LobbyGame
    /// The shard hosting it (its node is the entry's origin).
    var shard: Int
    /// The invite code of a private game (never sent to clients by the lobby).
    var invite: String?
    /// Player ids in the seats, for `welcome.games` and the seat limit on every node.
    var playerIDs: [String]
    /// When it was created (wall clock, ms): quickplay fills the oldest first.
    var createdAt: Int64
    /// The node that lists it handed it to another (graceful hand-off) and is leaving: its entry
    /// stays, keeping the seats listed and routing to it (it forwards), until the new owner's entry
    /// arrives everywhere and it leaves the cluster.
    var handedOver = false
}

/// What a node tells the others about itself, for placement and redirects.
struct NodeLoad: Sendable, Equatable {
    /// Games hosted (waiting and playing).
    var games: Int
    /// Sessions open.
    var sessions: Int
    /// Event loops, so others can place a game on any of them.
    var shards: Int
    /// The URL clients use to reach this node directly (`redirect`).
    var publicURL: String
    /// False once the node is shutting down: it takes no new games.
    var acceptsGames: Bool
}

/// A player online on some node.
struct PresenceEntry: Sendable, Equatable {
    /// Most games listed per player (writers truncate, readers refuse more).
    static let maxGames = 64
    var name: String
    /// Games the player's sessions on that node are in.
    var games: [String]
}

extension WireWriter {
    mutating func listedGame(_ value: ListedGame) {
        string(value.game.id)
        string(value.game.kind)
        int(value.game.seats)
        int(value.game.taken)
        string(value.game.state.rawValue)
        bool(value.game.isPrivate)
        unsigned(UInt64(value.game.players.count))
        for name in value.game.players { string(name) }
        int(value.shard)
        optionalString(value.invite)
        unsigned(UInt64(value.playerIDs.count))
        for id in value.playerIDs { string(id) }
        int(Int(value.createdAt))
        bool(value.handedOver)
    }

    mutating func nodeLoad(_ value: NodeLoad) {
        int(value.games)
        int(value.sessions)
        int(value.shards)
        string(value.publicURL)
        bool(value.acceptsGames)
    }

    mutating func presence(_ value: PresenceEntry) {
        string(value.name)
        unsigned(UInt64(value.games.count))
        for game in value.games { string(game) }
    }
}

extension WireReader {
    mutating func count(max: UInt64, _ what: String) throws(WireError) -> Int {
        let count = try unsigned()
        guard count <= max else { throw WireError(description: "\(count) \(what)") }
        return Int(count)
    }

    mutating func listedGame() throws(WireError) -> ListedGame {
        let id = try string(), kind = try string(), seats = try int(), taken = try int()
        guard let state = GameState(rawValue: try string()) else { throw WireError(description: "game state") }
        let isPrivate = try bool()
        var players: [String] = []
        for _ in 0..<(try count(max: 64, "players")) { players.append(try string()) }
        let game = LobbyGame(id: id, kind: kind, seats: seats, taken: taken, state: state, isPrivate: isPrivate, players: players)
        let shard = try shardIndex(), invite = try optionalString()
        var ids: [String] = []
        for _ in 0..<(try count(max: 64, "player ids")) { ids.append(try string()) }
        return ListedGame(
            game: game, shard: shard, invite: invite, playerIDs: ids, createdAt: Int64(try int()), handedOver: try bool())
    }

    mutating func nodeLoad() throws(WireError) -> NodeLoad {
        let games = try int(), sessions = try int()
        // Written by `int` (zigzag), like the fields beside it: read as a plain count, 1 shard came out
        // as 2, and placement sent half the games it put on another node to a shard that is not there.
        let shards = try int()
        guard (1...4096).contains(shards) else { throw WireError(description: "\(shards) shards") }
        return NodeLoad(games: games, sessions: sessions, shards: shards, publicURL: try string(), acceptsGames: try bool())
    }

    mutating func presence() throws(WireError) -> PresenceEntry {
        let name = try string()
        var games: [String] = []
        for _ in 0..<(try count(max: UInt64(PresenceEntry.maxGames), "games")) { games.append(try string()) }
        return PresenceEntry(name: name, games: games)
    }
}
